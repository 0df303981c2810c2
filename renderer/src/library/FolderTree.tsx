import { useId, type ReactNode } from 'react';
import { Button, Tree, TreeItem, TreeItemContent } from 'react-aria-components';
import type { FolderNode } from '../../../contract/api';
import { useStoredState } from '../app/useStoredState';
import { countText } from './status-text';
import { useFolderTree } from './useFolderCall';

interface Props {
  /** The folder whose photos (with its subfolders') are shown; null for all. */
  selected: string | null;
  onSelect: (folderPath: string | null) => void;
}

const ALL = 'all';

function parseKeys(stored: unknown): string[] | null {
  return Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : null;
}

/**
 * The library's folders and their subfolders, to show the photos of one (and those below it): arrow keys
 * move and expand or collapse, Enter or Space chooses. Offered once there is more than one folder to choose.
 */
export function FolderTree({ selected, onSelect }: Props) {
  const roots = useFolderTree();
  const labelId = useId();
  // Which folders are open is kept between runs, like the folder chosen.
  const [expanded, setExpanded] = useStoredState('altlens.expandedFolders', parseKeys, []);
  if (roots.length === 0 || (roots.length === 1 && roots[0]?.subfolders.length === 0)) return null;
  const total = roots.reduce((sum, root) => sum + root.photoCount, 0);
  return (
    <div className="folder-tree-field">
      <span id={labelId} className="group-label">
        Show folder
      </span>
      <Tree
        aria-labelledby={labelId}
        className="folder-tree"
        selectionMode="single"
        selectionBehavior="toggle"
        disallowEmptySelection
        selectedKeys={[selected ?? ALL]}
        expandedKeys={expanded}
        onExpandedChange={(keys) => setExpanded([...keys].map(String))}
        onSelectionChange={(keys) => {
          if (keys === 'all') return;
          const [key] = keys;
          if (key !== undefined) onSelect(key === ALL ? null : String(key));
        }}
      >
        <FolderItem id={ALL} name="All folders" photoCount={total} />
        {roots.map((root) => (
          <FolderBranch key={root.path} node={root} />
        ))}
      </Tree>
    </div>
  );
}

function FolderBranch({ node }: { node: FolderNode }) {
  return (
    <FolderItem id={node.path} name={node.name} photoCount={node.photoCount}>
      {node.subfolders.map((child) => (
        <FolderBranch key={child.path} node={child} />
      ))}
    </FolderItem>
  );
}

interface ItemProps {
  id: string;
  name: string;
  photoCount: number;
  children?: ReactNode;
}

/** One folder: its name and photo count (its accessible name too), and an expand button if it has subfolders. */
function FolderItem({ id, name, photoCount, children }: ItemProps) {
  const photos = countText(photoCount, 'photo', 'photos');
  return (
    <TreeItem id={id} textValue={`${name}, ${photos}`} className="folder-tree-item">
      <TreeItemContent>
        {({ hasChildItems, isExpanded }) => (
          <>
            {hasChildItems ? (
              <Button slot="chevron" className="folder-tree-chevron">
                <span aria-hidden="true">{isExpanded ? '▾' : '▸'}</span>
              </Button>
            ) : (
              <span className="folder-tree-chevron" />
            )}
            <span className="folder-tree-name">{name}</span>
            <span className="count">{photos}</span>
          </>
        )}
      </TreeItemContent>
      {children}
    </TreeItem>
  );
}
