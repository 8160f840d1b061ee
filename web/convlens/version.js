/// The package's version, as in package.json (tests/js/package-meta.test.mjs and scripts/build.mjs check
/// that the two agree).
export const version = '0.1.0';
