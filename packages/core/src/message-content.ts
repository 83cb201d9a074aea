import { asBytes, bytesToBase64 } from './encode-base64.js';
import type { ImagePart, TextPart } from './types/message.js';

// Readers of message content for adapters. After `validateRequest` system content is a
// string and image data is base64 text with its media type; these also accept the forms a
// caller may write, so an adapter never has to care which one it was given.

/** Text parts of a system message are joined with a blank line (docs/requests.md). */
export const SYSTEM_PART_SEPARATOR = '\n\n';

/** The text of a system message's content. */
export function systemText(content: string | readonly TextPart[]): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (let i = 0; i < content.length; i++)
    text += i === 0 ? content[i]!.text : SYSTEM_PART_SEPARATOR + content[i]!.text;
  return text;
}

/** Where an image comes from: a URL the vendor fetches, or base64 data with its media type. */
export type ImageSource = { type: 'url'; url: string } | { type: 'base64'; data: string; mediaType: string };

/**
 * An image part as a URL or as base64 data. A `data:` URL is read into its data and media
 * type; without a media type it is recognised from the bytes, else `image/png` is assumed
 * (validateRequest refuses such a part before any adapter sees it).
 */
export function imageSource(part: ImagePart): ImageSource {
  const data = part.data;
  if (data !== undefined && data !== '') {
    const text = typeof data === 'string' ? data : bytesToBase64(asBytes(data) ?? new Uint8Array(0));
    if (text.startsWith('data:')) return fromDataURL(text, part.mediaType);
    return { type: 'base64', data: text, mediaType: part.mediaType ?? sniffImageType(text) ?? 'image/png' };
  }
  const url = part.url ?? '';
  if (url.startsWith('data:')) return fromDataURL(url, part.mediaType);
  return { type: 'url', url };
}

function fromDataURL(url: string, mediaType: string | undefined): ImageSource {
  const comma = url.indexOf(',');
  const header = url.slice(5, comma < 0 ? 5 : comma);
  const semicolon = header.indexOf(';');
  const declared = semicolon < 0 ? header : header.slice(0, semicolon);
  const data = comma < 0 ? '' : url.slice(comma + 1);
  return { type: 'base64', data, mediaType: mediaType ?? (declared || sniffImageType(data) || 'image/png') };
}

// Base64 of each format's magic bytes.
const SIGNATURES: readonly (readonly [string, string])[] = [
  ['iVBORw0KGgo', 'image/png'],
  ['/9j/', 'image/jpeg'],
  ['R0lGOD', 'image/gif'],
  ['UklGR', 'image/webp'],
];

/** The media type of base64 image data from its first bytes: PNG, JPEG, GIF or WebP. */
export function sniffImageType(base64: string): string | undefined {
  for (const [prefix, type] of SIGNATURES) if (base64.startsWith(prefix)) return type;
  return undefined;
}
