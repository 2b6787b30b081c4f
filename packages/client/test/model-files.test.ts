import { expect } from 'chai';
import { fileURLToPath } from 'node:url';

import { pathOfFileUrl } from '../src/model-files';

describe('client: the path of a file:// URL', () => {
  it("is fileURLToPath's for every URL, its shortcut or not (200,000 random URLs and the tricky ones)", () => {
    // Characters the URL parser decodes, normalises or treats as delimiters, and plain ones.
    const alphabet = [
      'a',
      'Z',
      '0',
      '_',
      '-',
      '.',
      '/',
      '%',
      '2e',
      '2F',
      '?',
      '#',
      ' ',
      ':',
      '\\',
      'é',
      '..',
    ];
    const tricky = [
      'file:///a/b/model.json',
      'file:///a/./b/model.json',
      'file:///a/../b/model.json',
      'file:///a/.hidden/model.json',
      'file:///a/b/',
      'file:///a//b',
      'file:///a/%2e%2e/b',
      'file:///a/b%20c',
      'file:///a/b?x=1',
      'file:///a/b#frag',
      'file://localhost/a/b',
      'FILE:///a/b',
      'file:///-a/_b/c.d.e',
      'file:///a/b.',
      'file:///a/...',
    ];
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const urls = [...tricky];
    for (let i = 0; i < 200_000; i++) {
      let tail = '';
      for (let j = 1 + random(8); j > 0; j--) tail += alphabet[random(alphabet.length)];
      urls.push(`file:///${tail}`);
    }
    let shortcuts = 0;
    for (const url of urls) {
      let expected: string | Error;
      try {
        expected = fileURLToPath(url);
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error)
        expect(() => pathOfFileUrl(url), url).to.throw(expected.message);
      else expect(pathOfFileUrl(url), url).to.equal(expected);
      if (/^file:\/\/\/[\w-][\w./-]*$/.test(url) && !url.includes('/.') && !url.includes('//', 7))
        shortcuts++;
    }
    expect(shortcuts, 'URLs the shortcut takes').to.be.greaterThan(1000);
  });
});
