/**
 * Code a view needs only sometimes (another language's catalogue, the QR encoder) is built as a module
 * of its own with a stable name under `parts/`, and imported by URL, the way the loader imports views.
 * A bundler-managed `import()` would drag in Vite's preload helper (half a kilobyte, and it writes
 * `<link>` tags into the host page's `<head>`; vitejs/vite#18551).
 */
export function importPart<T>(api: string, name: string): Promise<T> {
  return import(/* @vite-ignore */ `${api}/parts/${name}.js`) as Promise<T>;
}
