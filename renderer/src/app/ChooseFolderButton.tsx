import { Button } from 'react-aria-components';
import { chooseFolder, desktopBridge } from './desktop';

interface Props {
  onChosen: (path: string) => void;
  onError: (message: string) => void;
  children?: string;
}

/** "Choose folder…": the system's folder dialog. Shown only in the desktop app, where there is one. */
export function ChooseFolderButton({ onChosen, onError, children = 'Choose folder…' }: Props) {
  const bridge = desktopBridge();
  if (!bridge) return null;
  async function choose(desktop: NonNullable<typeof bridge>) {
    try {
      const path = await chooseFolder(desktop);
      if (path) onChosen(path);
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <Button className="button" onPress={() => void choose(bridge)}>
      {children}
    </Button>
  );
}
