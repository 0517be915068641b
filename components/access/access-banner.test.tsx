import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AccessBanner } from './access-banner';

describe('the no-sign-in banner', () => {
  it('says who can reach the setups when WIZARD_AUTH=none was said', () => {
    const html = renderToStaticMarkup(<AccessBanner auth="none" />);
    expect(html).toContain('role="note"');
    expect(html).toContain('anyone who can reach it and has a setup’s address can open and change that setup');
  });

  it('is absent with sign-in, and on the local default (loopback only)', () => {
    expect(renderToStaticMarkup(<AccessBanner auth="entra" />)).toBe('');
    expect(renderToStaticMarkup(<AccessBanner auth={undefined} />)).toBe('');
  });
});
