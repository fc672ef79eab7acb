/** A small typed event emitter (no Node `events` in the browser bundle). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class Emitter<E extends { [K in keyof E]: (...args: any[]) => void }> {
  private handlers = new Map<keyof E, Set<E[keyof E]>>();

  on<K extends keyof E>(event: K, handler: E[K]): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof E>(event: K, handler: E[K]) {
    this.handlers.get(event)?.delete(handler);
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>) {
    for (const h of [...(this.handlers.get(event) ?? [])]) (h as (...a: Parameters<E[K]>) => void)(...args);
  }

  protected clear() {
    this.handlers.clear();
  }
}
