/**
 * Text from the daemon as a terminal may show it: control characters (an
 * escape sequence in a URL a tenant chose could rewrite an admin's screen)
 * are shown as \xNN.
 */
export function printable(text: string): string {
  return text.replace(
    /[\x00-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
