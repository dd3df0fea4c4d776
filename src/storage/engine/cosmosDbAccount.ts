/** The server is Azure Cosmos DB's RU-based API for MongoDB, which this store does not support. */
export class UnsupportedCosmosDbError extends Error {
  readonly code = 'unsupported_cosmos_db';

  constructor(readonly host: string) {
    super(
      `MONGODB_URI names an Azure Cosmos DB for MongoDB RU-based account (${host}), which this server does not support: ` +
        'its TTL indexes work only on the _ts field, sorts need indexes the server does not create, and it throttles with error 16500. ' +
        'Use Azure Cosmos DB for MongoDB vCore (*.mongocluster.cosmos.azure.com), MongoDB Atlas or your own replica set.',
    );
    this.name = 'UnsupportedCosmosDbError';
  }
}

/**
 * Refuses a connection string naming an Azure Cosmos DB RU-based account, recognised by its host names
 * (`<account>.mongo.cosmos.azure.com`, also on the sovereign clouds' domains, and the older
 * `<account>.documents.azure.com` of API version 3.2); vCore clusters
 * (`*.mongocluster.cosmos.azure.com`) behave like MongoDB and pass.
 *
 * @throws {UnsupportedCosmosDbError} naming the host.
 * @example
 * ```ts
 * assertSupportedMongoHost('mongodb+srv://u:p@c1.mongocluster.cosmos.azure.com/'); // ok
 * assertSupportedMongoHost('mongodb://a:k@a.mongo.cosmos.azure.com:10255/?ssl=true'); // throws
 * ```
 */
export function assertSupportedMongoHost(uri: string): void {
  const hosts = /^mongodb(?:\+srv)?:\/\/(?:[^@/?]*@)?([^/?]*)/.exec(uri)?.[1] ?? '';
  for (const hostAndPort of hosts.split(',')) {
    const host = hostAndPort.replace(/:\d+$/, '').toLowerCase();
    if (/\.mongo\.cosmos\.(azure\.com|azure\.cn|usgovcloudapi\.net)$/.test(host) || /\.documents\.azure\.com$/.test(host)) throw new UnsupportedCosmosDbError(host);
  }
}
