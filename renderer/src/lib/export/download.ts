// Saving something the page made as a file: an object URL on a temporary link with `download`.
export function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the URL after this task; let it go once the download surely started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
