import { expect } from 'chai';

import { printable } from '../src/commands/printable';

describe('trims status: text from the daemon as a terminal shows it', () => {
  it('shows control characters (escape sequences, newlines, C1) as \\xNN and keeps the rest', () => {
    expect(printable('/m\x1b[2J\x1b]0;pwned\x07\nnext\x9bé')).to.equal(
      '/m\\x1b[2J\\x1b]0;pwned\\x07\\x0anext\\x9bé',
    );
    expect(printable('file:///models/résnet/model.json')).to.equal(
      'file:///models/résnet/model.json',
    );
  });
});
