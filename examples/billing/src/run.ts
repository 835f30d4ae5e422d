import { silentLogger } from "@natsflux/messaging";
import { startBilling } from "./billing.js";
import { type CheckoutResult, runCheckout } from "./checkout.js";

/** Two billing instances and a checkout service calling them. */
export async function runBilling(
  servers: string,
  log: (line: string) => void = console.log,
): Promise<CheckoutResult & { refunds: string[] }> {
  const refunds: string[] = [];
  const instances = [
    await startBilling(servers, "billing-blue", silentLogger, refunds),
    await startBilling(servers, "billing-green", silentLogger, refunds),
  ];
  try {
    log('started billing twice (billing-blue, billing-green): both join the queue group "billing"');
    const result = await runCheckout(servers, silentLogger, log);
    return { ...result, refunds };
  } finally {
    await Promise.all(instances.map((instance) => instance.close()));
  }
}
