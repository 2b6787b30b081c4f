import { expect } from 'chai';

import { redactUrl } from '../src/redact';

describe('redactUrl: URLs as status, logs and the catalog show them', () => {
  it('replaces userinfo, every query value and every query item without one, drops the fragment, and keeps the rest', () => {
    for (const [url, shown] of [
      ['https://h/m/model.json?token=s3cret', 'https://h/m/model.json?token=redacted'],
      ['https://h/m/model.json?S3CRETBARE', 'https://h/m/model.json?redacted'],
      ['https://h/m/model.json?UzNDUkVU==', 'https://h/m/model.json?redacted'],
      ['https://h/m/model.json?S3CRET=', 'https://h/m/model.json?redacted'],
      [
        'https://h/m/model.json?a=1&S3CRET&b',
        'https://h/m/model.json?a=redacted&redacted&redacted',
      ],
      ['https://h/m/model.json?sig=a%3Db&x=', 'https://h/m/model.json?sig=redacted&redacted'],
      ['https://alice:S3CRET@h/m/model.json', 'https://redacted@h/m/model.json'],
      ['https://h/m/model.json#S3CRET', 'https://h/m/model.json'],
      ['file:///srv/m/model.json', 'file:///srv/m/model.json'],
      ['/srv/m/model.json', '/srv/m/model.json'],
      ['/srv/m/model.json?sig=S3CRET', '/srv/m/model.json'],
      ['//alice:S3CRET@h/m.json', 'a URL that does not parse (not shown)'],
      ['not a url ?S3CRET', 'a URL that does not parse (not shown)'],
    ])
      expect(redactUrl(url), url).to.equal(shown);
  });
});
