import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Tests build into their own directory so they never clobber a developer's running `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The public API lives at documented root paths; handlers stay under app/api/.
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/tenants/:path*", destination: "/api/tenants/:path*" },
        { source: "/scans/:path*", destination: "/api/scans/:path*" },
        { source: "/openapi.json", destination: "/api/openapi" },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
