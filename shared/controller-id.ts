// How a controller is named everywhere (inventory, pins, runs, the renderer): one rule, no copies. Imports nothing.

/** `host:port` with the host trimmed and lower-cased: the inventory's id and the pin store's key. */
export function controllerIdOf(host: string, port: number): string {
  return `${host.trim().toLowerCase()}:${port}`;
}
