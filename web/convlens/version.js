/// The package's version, as in package.json (scripts/build.mjs and tests/js/package-meta.test.mjs check
/// that the two agree).
export const version = '0.1.0';
