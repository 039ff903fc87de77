import { parseProfileName } from '../../src';

describe('profile-name syntax (go-nvlib parseMigProfile)', () => {
  test.each([
    ['1g.10gb', { computeInstanceSlices: 1, gpuInstanceSlices: 1, memoryGB: 10, attributes: [] }],
    ['1c.3g.40gb', { computeInstanceSlices: 1, gpuInstanceSlices: 3, memoryGB: 40, attributes: [] }],
    ['1g.24gb+me.all', { computeInstanceSlices: 1, gpuInstanceSlices: 1, memoryGB: 24, attributes: ['+me.all'] }],
    ['2g.48gb-me', { computeInstanceSlices: 2, gpuInstanceSlices: 2, memoryGB: 48, attributes: ['-me'] }],
    ['1g.24gb+gfx,me', { computeInstanceSlices: 1, gpuInstanceSlices: 1, memoryGB: 24, attributes: ['+gfx', '+me'] }],
  ])('accepts %s', (name, value) => {
    expect(parseProfileName(name)).toEqual({ ok: true, value });
  });

  test.each([
    ['', 'the profile name is empty'],
    ['1g.10gb+me-me', "'1g.10gb+me-me' has both positive (+) and negative (-) attributes"],
    ['1g10gb', "'1g10gb' is not of the form <G>g.<GB>gb or <C>c.<G>g.<GB>gb"],
    ['1g.10g', "'1g.10g' is not of the form <G>g.<GB>gb or <C>c.<G>g.<GB>gb"],
    ['xg.10gb', "'xg.10gb' is not of the form <G>g.<GB>gb or <C>c.<G>g.<GB>gb"],
    ['1g.10gb+', "'1g.10gb+' has an empty attribute"],
    ['1g.10gb+1me', "attribute '1me' in '1g.10gb+1me' starts with a digit"],
    ['1g.10gb+.me', "attribute '.me' in '1g.10gb+.me' starts or ends with '.'"],
    ['1g.10gb+m_e', "attribute 'm_e' in '1g.10gb+m_e' has characters outside [A-Za-z0-9.]"],
    ['1g.10gb+me,me', "attribute 'me' appears twice in '1g.10gb+me,me'"],
  ])('rejects %j: %s', (name, reason) => {
    expect(parseProfileName(name)).toEqual({ ok: false, reason });
  });
});
