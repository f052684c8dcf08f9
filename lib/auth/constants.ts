/** The next-auth provider id: the callback is /api/auth/callback/microsoft-entra-id (the redirect URI to register). */
export const ENTRA_PROVIDER_ID = "microsoft-entra-id";

/** The session cookie: `__Host-` over https binds it to this exact origin (Secure, Path=/, no Domain). */
export const SESSION_COOKIE = { plain: "a365.session", secure: "__Host-a365.session" } as const;
