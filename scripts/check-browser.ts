// Pre-flight for `npm run test:e2e`: stop with the install command instead of letting browser tests skip or hang.
import { findChromium, INSTALL_HINT } from "../e2e/browser";

if (!findChromium()) {
  console.error(`\n${INSTALL_HINT}\n`);
  process.exit(1);
}
