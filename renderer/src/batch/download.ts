/** How long a download's object URL is kept (the browser has the file long before). */
const KEEP_URL_MS = 60_000;

/** Offers text as a file download (Blob and a link): works in browser mode and in the desktop window. */
export function downloadText(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), KEEP_URL_MS);
}
