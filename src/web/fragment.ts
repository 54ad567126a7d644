import type { Lang } from '../i18n/lang.js';

/** What a shared link carries after `#`: the spec, the language and the device. */
export interface Fragment {
  spec: string;
  lang: Lang;
  device?: string;
}

/** UTF-8 text as base64url (no padding), which survives in a URL untouched. */
function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function encodeFragment(f: Fragment): string {
  const params = new URLSearchParams({ lang: f.lang });
  if (f.device) params.set('device', f.device);
  params.set('spec', toBase64Url(f.spec));
  return `#${params}`;
}

/** A link's fragment; a part that does not decode is left out (the page's own starting spec is used). */
export function decodeFragment(hash: string): Partial<{ spec: string; lang: string; device: string }> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const spec = params.get('spec');
  return { spec: spec === null ? undefined : fromBase64Url(spec), lang: params.get('lang') ?? undefined, device: params.get('device') ?? undefined };
}
