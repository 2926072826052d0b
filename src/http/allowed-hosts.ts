import { isIP } from 'node:net';

/** Which `Host` headers a listener answers. */
export interface HostPolicy {
  /** Host names and addresses (lower-case, IPv6 in brackets), port ignored. */
  hosts: ReadonlySet<string>;
  /**
   * Any IP address as well. DNS rebinding needs a name the attacker controls, so an address
   * is safe to accept; the admin listener does, for probes and scrapers that address it by IP.
   */
  anyAddress: boolean;
}

/** The host of a `Host` header, lower-cased and without its port; undefined when it is not a host at all. */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined || header === '' || !URL.canParse(`http://${header}`)) return undefined;
  const url = new URL(`http://${header}`);
  // Anything but host[:port] (a path, user info) changes what URL sees.
  if (url.host !== header.toLowerCase() && `${url.hostname}:${url.port || '80'}` !== header.toLowerCase()) return undefined;
  return url.hostname;
}

export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  const host = hostName(header);
  if (host === undefined) return false;
  if (policy.hosts.has(host)) return true;
  return policy.anyAddress && isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}
