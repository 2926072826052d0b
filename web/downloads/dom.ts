/** The element with this id, checked to be of the expected kind: the page's markup is a contract. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`The page has no #${id} of the expected kind`);
  return element;
}
