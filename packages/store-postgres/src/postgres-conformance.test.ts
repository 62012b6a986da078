import { budgetStoreConformance, keyStoreConformance } from '@tokenwise/testkit/vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  uniqueSchema,
} from './__fixtures__/test-database.js';

describeWithDatabase('PostgreSQL stores (one schema per test, dropped after)', () => {
  budgetStoreConformance({
    name: 'postgres',
    create: async (clock) => {
      const schema = uniqueSchema('budget');
      const stores = await openTestStores(schema, { clock, ledger: false });
      return {
        store: stores.budgetStore,
        close: async () => {
          await stores.close();
          await dropSchema(schema);
        },
      };
    },
  });

  keyStoreConformance({
    name: 'postgres',
    create: async (clock) => {
      const schema = uniqueSchema('keys');
      const stores = await openTestStores(schema, { clock, ledger: false });
      const replica = await openTestStores(schema, { clock, ledger: false });
      return {
        keyStore: stores.keyStore,
        budgetStore: stores.budgetStore,
        replica: replica.keyStore,
        close: async () => {
          await Promise.all([stores.close(), replica.close()]);
          await dropSchema(schema);
        },
      };
    },
  });
});
