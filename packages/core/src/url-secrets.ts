/**
 * A URL written inside text: scheme, optional user-info, then host and path, then an optional query and
 * fragment. None of its parts may hold whitespace, quotes, angle brackets or a backslash, so a match never
 * runs past the end of a JSON string or an HTML attribute it sits in.
 */
const URL_IN_TEXT =
  /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@"'<>\\`]*@)?([^\s?#"'<>\\`]*)(\?[^\s#"'<>\\`]*)?(#[^\s"'<>\\`]*)?/gi;

const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

export interface UrlSecretOptions {
  /** Also remove query strings (they often carry tokens: `?key=…`, `?sig=…`). Default true. */
  query?: boolean;
}

/**
 * Removes the credentials a URL can carry: user-info (`user:pass@`) always, the query string and fragment
 * unless `query: false`.
 * @example sanitizeUrl('http://user:pass@host:8000/v1?key=x') // 'http://host:8000/v1'
 */
export function sanitizeUrl(url: string, options: UrlSecretOptions = {}): string {
  return stripUrlSecrets(url, options);
}

/** Applies `sanitizeUrl` to every URL found in `text`; the rest of the text is left as it is. */
export function stripUrlSecrets(text: string, options: UrlSecretOptions = {}): string {
  if (!text.includes('://')) return text;
  const dropQuery = options.query ?? true;
  return text.replace(
    URL_IN_TEXT,
    (
      whole: string,
      scheme: string,
      userInfo: string | undefined,
      rest: string,
      query: string | undefined,
      fragment: string | undefined,
    ) => {
      const suffix = `${query ?? ''}${fragment ?? ''}`;
      if (userInfo === undefined && (!dropQuery || suffix === '')) return whole;
      if (!dropQuery) return `${scheme}${rest}${suffix}`;
      // Punctuation that ends the sentence the URL sits in is not part of its query.
      const sentenceEnd = TRAILING_PUNCTUATION.exec(suffix)?.[0] ?? '';
      return `${scheme}${rest}${sentenceEnd}`;
    },
  );
}
