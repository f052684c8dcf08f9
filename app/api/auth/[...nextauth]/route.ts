// GET|POST /api/auth/* — next-auth: sign-in with Microsoft (OIDC code flow), callback, sign-out, CSRF token
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/next-auth";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(getAuthOptions())(req, context);
}

export { handler as GET, handler as POST };
