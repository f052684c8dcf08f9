/**
 * A browser-like HTTP client for tests: a cookie jar, manual redirects, and the real sign-in round trip through the
 * app's next-auth routes and the simulator's Entra authorize page (no shortcut into the database).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export type BrowserResponse = { status: number; headers: Headers; text: string; json: any; location: string | null }; // eslint-disable-line @typescript-eslint/no-explicit-any

export class Browser {
  readonly jar = new CookieJar();
  constructor(readonly appUrl: string) {}

  /** A same-origin request as the dashboard makes it (Origin and Sec-Fetch-Site set for changes). */
  async request(path: string, init: { method?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string>; crossSite?: boolean } = {}): Promise<BrowserResponse> {
    const method = init.method ?? "GET";
    const url = path.startsWith("http") ? path : `${this.appUrl}${path}`;
    const sameApp = url.startsWith(this.appUrl);
    const headers: Record<string, string> = { ...(sameApp ? { cookie: this.jar.header() } : {}), ...init.headers };
    if (method !== "GET" && sameApp && !init.crossSite) {
      headers.origin ??= this.appUrl;
      headers["sec-fetch-site"] ??= "same-origin";
    }
    if (init.crossSite) {
      headers.origin ??= "https://evil.example";
      headers["sec-fetch-site"] ??= "cross-site";
    }
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    if (sameApp) this.jar.store(res);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, text, json, location: res.headers.get("location") };
  }

  /** Follows redirects (303/302/307) from a response, keeping cookies for the app's origin. */
  async follow(res: BrowserResponse, maxHops = 10): Promise<BrowserResponse> {
    let current = res;
    for (let i = 0; i < maxHops && current.location && current.status >= 300 && current.status < 400; i++) {
      const next = new URL(current.location, this.appUrl).toString();
      current = await this.request(next);
    }
    return current;
  }

  /**
   * Signs in through the real flow: next-auth's sign-in POST (CSRF token) → the simulator's authorize page → the
   * account picker's POST (by UPN) → next-auth's callback, which sets the session cookie. Returns the final redirect.
   */
  async signIn(upn: string, options: { tenant?: string; callbackUrl?: string } = {}): Promise<BrowserResponse> {
    const callbackUrl = options.callbackUrl ?? "/dashboard";
    const csrf = await this.request("/api/auth/csrf");
    const start = await this.request("/api/auth/signin/microsoft-entra-id", { method: "POST", form: { csrfToken: csrf.json.csrfToken, callbackUrl } });
    if (!start.location || start.status !== 302) throw new Error(`sign-in did not redirect to Microsoft: ${start.status} ${start.text.slice(0, 200)}`);
    const picker = await this.request(start.location);
    const flow = /name="flow" value="([^"]+)"/.exec(picker.text)?.[1];
    const action = /<form method="post" action="([^"]+)"/.exec(picker.text)?.[1];
    if (!flow || !action) throw new Error(`no account picker at ${start.location}: ${picker.status} ${picker.text.slice(0, 300)}`);
    // With a tenant, pick that tenant's account button (UPNs repeat across tenants of one fixture); else type the UPN.
    const button = options.tenant
      ? [...picker.text.matchAll(/<button class="user" type="submit" name="user" value="([^"]+)" data-upn="([^"]+)" data-tenant="([^"]+)">/g)].find(
          (m) => m[2] === upn && m[3] === options.tenant,
        )?.[1]
      : undefined;
    if (options.tenant && !button) throw new Error(`${upn} is not offered for tenant ${options.tenant} on the account picker`);
    const form: Record<string, string> = button ? { flow, user: button } : { flow, action: "upn", upn };
    const chosen = await this.request(new URL(action.replace(/&amp;/g, "&"), start.location).toString(), { method: "POST", form });
    if (!chosen.location) throw new Error(`the simulator did not redirect back: ${chosen.status} ${chosen.text.slice(0, 300)}`);
    return this.request(chosen.location);
  }

  /** The session cookie's value (a365.session over http). */
  sessionToken(): string | undefined {
    return this.jar.get("a365.session");
  }
}
