import { describe, expect, it } from 'vitest';
import { redactUrl } from '@ceilometer-ts/sdk';

describe('redactUrl', () => {
  it.each([
    // passwords holding the characters that end or split an authority
    ['rabbit://u:pa,ss@h:5672/', 'rabbit://u:***@h:5672/'],
    ['rabbit://openstack:secret@123@127.0.0.1:5672/', 'rabbit://openstack:***@127.0.0.1:5672/'],
    ['rabbit://u:pa:ss@h:5672/', 'rabbit://u:***@h:5672/'],
    ['rabbit://u:pa/ss@h:5672/vhost', 'rabbit://u:***@h:5672/vhost'],
    ['rabbit://u:p%40s%2Cs@h:5672/', 'rabbit://u:***@h:5672/'],
    ['rabbit://u:p%s@h/', 'rabbit://u:***@h/'],
    // multi-host transport URLs
    ['rabbit://u:p@h1:5672,u2:p2@h2:5672/', 'rabbit://u:***@h1:5672,u2:***@h2:5672/'],
    ['rabbit://u:p,1@h1:5672,u2:p,2@h2:5672/v', 'rabbit://u:***@h1:5672,u2:***@h2:5672/v'],
    ['rabbit://u@h1:5672,u2:p2@h2:5672/', 'rabbit://u@h1:5672,u2:***@h2:5672/'],
    ['rabbit://u:p@h1,h2:5672/', 'rabbit://u:***@h1,h2:5672/'],
    // publisher URLs: secret query parameters
    ['http://user:pa@ss@host:8080/path?x=1', 'http://user:***@host:8080/path?x=1'],
    ['notifier://?topic=metering&password=s3cret', 'notifier://?topic=metering&password=***'],
    ['https://host/?token=abc&batch=true', 'https://host/?token=***&batch=true'],
    // nothing to hide
    ['gnocchi://?filter_project=service&archive_policy=horizon-mimic', 'gnocchi://?filter_project=service&archive_policy=horizon-mimic'],
    ['file:///var/log/ceilometer/samples.log', 'file:///var/log/ceilometer/samples.log'],
    ['https://user@example.org/a@b', 'https://user@example.org/a@b'],
    ['http://127.0.0.1:5000/v3', 'http://127.0.0.1:5000/v3'],
    ['not a url', 'not a url'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
