// oidc-provider ships no types; the tests use a small part of it (test/auth/local-idp.ts).
declare module "oidc-provider";
