import type { HandlerFunction } from 'got';
import { upstreamBadResponse } from './errors.js';

/**
 * A got handler that refuses answers larger than `maxBytes`: at once when Content-Length says
 * so, otherwise as soon as the bytes read (after decompression) pass it. The call is cancelled,
 * which closes the socket, so at most the cap and one chunk are ever held. Not retried: the
 * same URL would send the same body.
 */
export function bodyCap(maxBytes: number): HandlerFunction {
  return (options, next) => {
    const call = next(options);
    if (options.isStream || !('cancel' in call)) return call;
    let exceeded = false;
    void call.on('downloadProgress', ({ transferred, total }) => {
      if (exceeded || Math.max(transferred, total ?? 0) <= maxBytes) return;
      exceeded = true;
      call.cancel();
    });
    return (async () => {
      try {
        return await call;
      } catch (error) {
        if (exceeded) throw upstreamBadResponse(`a body larger than ${maxBytes} bytes, which the gateway does not read (UPSTREAM_MAX_BODY_BYTES)`);
        throw error;
      }
    })();
  };
}
