import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FunctionModule } from './function-module.js';

const SETTLE_MS = 80;

/**
 * Watches the files each module's last load read (its own sources, not node_modules) and
 * calls `reload` with the modules whose files changed, once the editor has finished
 * writing (an editor's save is often several events: truncate, write, rename). Directories
 * are watched one by one, not recursively, so a project with a large node_modules costs
 * nothing to watch. Call {@link CodeWatcher.update} after every load: imports change.
 */
export class CodeWatcher {
  readonly #reload: (modules: FunctionModule[]) => void;
  readonly #watchers = new Map<string, FSWatcher>();
  #modules: readonly FunctionModule[] = [];
  readonly #changed = new Set<FunctionModule>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(reload: (modules: FunctionModule[]) => void) {
    this.#reload = reload;
  }

  /** Watches the directories of every file the modules read now. */
  update(modules: readonly FunctionModule[]): void {
    if (this.#closed) return;
    this.#modules = modules;
    const dirs = new Set<string>();
    for (const module of modules) for (const file of module.files) dirs.add(dirname(file));
    for (const [dir, watcher] of this.#watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_type, name) => name && this.#changedFile(join(dir, String(name))));
        watcher.on('error', () => {
          watcher.close();
          this.#watchers.delete(dir);
        });
        this.#watchers.set(dir, watcher);
      } catch {
        // A directory that is gone: the module's next load (after its importer changes) finds out.
      }
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  #changedFile(file: string): void {
    for (const module of this.#modules) if (module.files.has(file)) this.#changed.add(module);
    if (this.#changed.size === 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const modules = [...this.#changed];
      this.#changed.clear();
      if (!this.#closed) this.#reload(modules);
    }, SETTLE_MS);
  }
}
