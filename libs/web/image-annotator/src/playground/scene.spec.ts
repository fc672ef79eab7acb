import { scenePictureFile } from './scene';

describe('scenePictureFile', () => {
  it('takes a path on the page’s own server', () => {
    expect(scenePictureFile('?objects=10&picture=/picture/scene.jpg')).toBe('/picture/scene.jpg');
  });

  it.each([
    ['no picture', '?objects=10'],
    ['another host, scheme-relative', '?picture=//evil.example/x.jpg'],
    ['another host, backslash', '?picture=/%5Cevil.example/x.jpg'],
    ['an absolute URL', '?picture=https://evil.example/x.jpg'],
    ['a script URL', '?picture=javascript:alert(1)'],
    ['a relative path', '?picture=scene.jpg'],
  ])('refuses %s', (_, search) => {
    expect(scenePictureFile(search)).toBeNull();
  });
});
