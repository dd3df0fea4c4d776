import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { ENVIRONMENT_VARIABLES, PRODUCTION_SETTINGS, loadConfig } from '../../src/config';
import { UNKNOWN, type ArmValue } from '../support/armExpression';
import { DEPLOYMENT_TEMPLATES, armEvaluator, expressionScopes, readDeploymentFile, scopeReferences, type ArmTemplate, type Json } from '../support/armTemplate';
import { signWebhook } from '../support/signedWebhook';
import { startTestServer } from '../support/testServer';

const EXISTING_GROUP = 'deployUseExistResourceGroup/template-with-rg.json';
const NEW_GROUP = 'deployWithNewResourceGroup/template-new-rg.json';
const SHEETS: Record<string, string> = {
  [EXISTING_GROUP]: 'deployUseExistResourceGroup/parameters-for-template-with-rg.json',
  [NEW_GROUP]: 'deployWithNewResourceGroup/parameters-for-template-new-rg.json',
};
/** The secrets the issue puts in Key Vault: never a plain value in the app's settings. */
const KEY_VAULT_SETTINGS = ['SECRETS_KEY', 'ADMIN_API_KEY', 'LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN', 'MONGODB_URI'];
/** What a secure parameter left empty in a parameters sheet is filled with: long enough for every rule. */
const STAND_IN = 'stand-in-0123456789abcdef';

type Resource = Record<string, Json>;
interface EnvEntry {
  readonly name: string;
  readonly value?: Json;
  readonly secretRef?: string;
}

const templateFiles = readdirSync(DEPLOYMENT_TEMPLATES, { recursive: true, encoding: 'utf8' })
  .filter((file) => /(^|\/)template-[^/]*\.json$/.test(file))
  .sort();

const byType = (template: ArmTemplate, type: string): Resource[] => template.resources.filter((resource) => resource.type === type);
const theOne = (template: ArmTemplate, type: string): Resource => {
  const [resource, ...others] = byType(template, type);
  assert.ok(resource && others.length === 0, `exactly one ${type}`);
  return resource;
};
const container = (template: ArmTemplate): { env: EnvEntry[]; probes: Record<string, Json>[]; image: Json } => {
  const app = theOne(template, 'Microsoft.App/containerApps') as unknown as { properties: { template: { containers: { env: EnvEntry[]; probes: Record<string, Json>[]; image: Json }[] } } };
  const [only, ...others] = app.properties.template.containers;
  assert.ok(only && others.length === 0, 'one container');
  return only;
};

/** The sheet's values, a secure parameter left empty there standing in for what the operator fills in. */
function sheetValues(templateFile: string, overrides: Record<string, Json> = {}): Record<string, Json> {
  const template = readDeploymentFile<ArmTemplate>(templateFile);
  const sheet = readDeploymentFile<{ parameters: Record<string, { value: Json }> }>(SHEETS[templateFile] ?? '');
  const values: Record<string, Json> = {};
  for (const [name, { value }] of Object.entries(sheet.parameters)) {
    if (value !== '' || template.parameters?.[name]?.defaultValue === undefined) values[name] = value === '' ? STAND_IN : value;
  }
  return { ...values, ...overrides };
}

/** The container's environment as the app would see it, secrets followed from the app through Key Vault. */
function evaluatedEnvironment(template: ArmTemplate, parameterValues: Record<string, Json>): Record<string, string> {
  const evaluate = armEvaluator(template, parameterValues);
  const asText = (value: ArmValue): string => (value === UNKNOWN ? 'unknown' : String(value));
  const appSecrets = (theOne(template, 'Microsoft.App/containerApps') as { properties: { configuration: { secrets: Record<string, Json>[] } } }).properties.configuration.secrets;
  const vaultSecrets = new Map(byType(template, 'Microsoft.KeyVault/vaults/secrets').map((secret) => [asText(evaluate(secret.name ?? '')).split('/').pop(), secret]));
  const environment: Record<string, string> = {};
  for (const entry of container(template).env) {
    if (entry.secretRef === undefined) {
      environment[entry.name] = asText(evaluate(entry.value ?? null));
      continue;
    }
    const appSecret = appSecrets.find((secret) => secret.name === entry.secretRef);
    assert.ok(appSecret, `${entry.name}: the app declares secret ${entry.secretRef}`);
    const url = asText(evaluate(appSecret.keyVaultUrl ?? ''));
    const vaultSecretName = /secrets\/([^/]+)$/.exec(url)?.[1] ?? '';
    const vaultSecret = vaultSecrets.get(vaultSecretName);
    assert.ok(vaultSecret, `${entry.name}: ${url} names a secret the template puts in Key Vault`);
    environment[entry.name] = asText(evaluate((vaultSecret.properties as { value: Json }).value));
  }
  return environment;
}

describe('deploymentTemplates/', () => {
  it('holds a template for a new and for an existing resource group, each with its parameters sheet', () => {
    assert.deepEqual(templateFiles, [EXISTING_GROUP, NEW_GROUP]);
  });

  for (const file of templateFiles) {
    describe(file, () => {
      const template = readDeploymentFile<ArmTemplate>(file);

      it('every expression parses; every parameters() and variables() it uses is declared; every declaration is used', () => {
        const scopes = expressionScopes(template);
        assert.ok(scopes.length >= 1);
        for (const scope of scopes) {
          const used = scopeReferences(scope);
          const declaredParameters = Object.keys(scope.template.parameters ?? {});
          const declaredVariables = Object.keys(scope.template.variables ?? {});
          assert.deepEqual([...used.parameters].filter((name) => !declaredParameters.includes(name)), [], 'dangling parameters()');
          assert.deepEqual([...used.variables].filter((name) => !declaredVariables.includes(name)), [], 'dangling variables()');
          assert.deepEqual(declaredParameters.filter((name) => !used.parameters.has(name)), [], 'parameters never used');
          assert.deepEqual(declaredVariables.filter((name) => !used.variables.has(name)), [], 'variables never used');
        }
      });

      it('its parameters sheet sets only declared parameters, and every one without a default', () => {
        const sheet = readDeploymentFile<{ parameters: Record<string, unknown> }>(SHEETS[file] ?? assert.fail(`no sheet for ${file}`));
        const declared = template.parameters ?? {};
        assert.deepEqual(Object.keys(sheet.parameters).filter((name) => !(name in declared)), [], 'undeclared parameters set');
        const required = Object.entries(declared).filter(([, parameter]) => parameter.defaultValue === undefined).map(([name]) => name);
        assert.deepEqual(required.filter((name) => !(name in sheet.parameters)), [], 'required parameters missing');
      });
    });
  }

  it('the new-group template deploys exactly the existing-group template, passing every parameter on', () => {
    const outer = readDeploymentFile<ArmTemplate>(NEW_GROUP);
    const inner = readDeploymentFile<ArmTemplate>(EXISTING_GROUP);
    const nested = theOne(outer, 'Microsoft.Resources/deployments') as { properties: { template: Json; parameters: Record<string, Json> } };
    assert.deepEqual(nested.properties.template, inner, 'copy template-with-rg.json into template-new-rg.json when it changes');
    assert.deepEqual(Object.keys(nested.properties.parameters).sort(), Object.keys(inner.parameters ?? {}).sort());
    assert.ok(theOne(outer, 'Microsoft.Resources/resourceGroups'));
  });

  describe('the app (existing-group template)', () => {
    const template = readDeploymentFile<ArmTemplate>(EXISTING_GROUP);

    it('sets every production setting the configuration names, and no variable the configuration does not read', () => {
      const names = container(template).env.map((entry) => entry.name);
      assert.deepEqual(PRODUCTION_SETTINGS.filter((name) => !names.includes(name)), [], 'missing production settings');
      assert.deepEqual(names.filter((name) => !(ENVIRONMENT_VARIABLES as readonly string[]).includes(name)), [], 'settings config.ts never reads');
      assert.equal(new Set(names).size, names.length, 'a setting set twice');
    });

    it('takes the secrets from Key Vault through the app identity, never as plain values', () => {
      const env = container(template).env;
      for (const name of KEY_VAULT_SETTINGS) {
        const entry = env.find((candidate) => candidate.name === name);
        assert.ok(entry?.secretRef !== undefined && entry.value === undefined, `${name} is a Key Vault reference`);
      }
      const appSecrets = (theOne(template, 'Microsoft.App/containerApps') as { properties: { configuration: { secrets: Record<string, Json>[] } } }).properties.configuration.secrets;
      for (const secret of appSecrets) {
        assert.match(String(secret.keyVaultUrl), /^\[format\('\{0\}secrets\/[a-z-]+', reference\(resourceId\('Microsoft\.KeyVault\/vaults'.*\.vaultUri\)\]$/, `${String(secret.name)} points into Key Vault`);
      }
      const evaluate = armEvaluator(template, sheetValues(EXISTING_GROUP));
      const roles = byType(template, 'Microsoft.Authorization/roleAssignments').map((role) => evaluate(role) as { properties: { roleDefinitionId: string } });
      const keyVaultSecretsUser = '/subscriptions/unknown/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
      assert.ok(roles.some((role) => role.properties.roleDefinitionId === keyVaultSecretsUser), 'the identity may read secrets (Key Vault Secrets User)');
      const identities = Object.keys((evaluate(theOne(template, 'Microsoft.App/containerApps')) as { identity: { userAssignedIdentities: object } }).identity.userAssignedIdentities);
      assert.deepEqual([...new Set(appSecrets.map((secret) => evaluate(secret.identity ?? null)))], identities, 'secrets are read with the app identity');
    });

    for (const [label, overrides, expectations] of [
      ['with a new vCore cluster and no bot', {}, { endpoint: 'off', mongo: /^mongodb\+srv:\/\/lineadmin:stand-in-0123456789abcdef@acme-line-mongo\.global\.mongocluster\.cosmos\.azure\.com\/line_omnichannel\?tls=true/ }],
      ['with an Atlas connection string and the bot registration', { mongodbConnectionString: 'mongodb+srv://u:p@cluster0.example.net/support', deployBotRegistration: true }, { endpoint: 'on', mongo: /^mongodb\+srv:\/\/u:p@cluster0\.example\.net\/support$/ }],
    ] as const) {
      it(`gives a configuration production accepts ${label}`, () => {
        const environment = evaluatedEnvironment(template, sheetValues(EXISTING_GROUP, overrides));
        const config = loadConfig(environment);
        assert.equal(config.env, 'production');
        assert.match(config.storage.mongodbUri ?? '', expectations.mongo);
        assert.equal(config.botFramework.endpoint, expectations.endpoint);
        assert.equal(config.storage.secretsKey, STAND_IN);
        assert.equal(config.line.channelSecret, STAND_IN);
        assert.match(config.publicUrl ?? '', /^https:\/\//);
        assert.notEqual(config.trustProxy.kind, 'none');
      });
    }

    it('probes /healthz (startup, liveness) and /readyz (readiness) on the port the app listens on, with two replicas', () => {
      const evaluate = armEvaluator(template, sheetValues(EXISTING_GROUP));
      const { probes, env } = container(template);
      const port = Number(evaluate(env.find((entry) => entry.name === 'PORT')?.value ?? null));
      const byKind = Object.fromEntries(probes.map((probe) => [String(probe.type), evaluate(probe.httpGet ?? null) as { path: string; port: number }]));
      assert.deepEqual(byKind.Liveness, { path: '/healthz', port });
      assert.deepEqual(byKind.Startup, { path: '/healthz', port });
      assert.deepEqual(byKind.Readiness, { path: '/readyz', port });
      const app = evaluate(theOne(template, 'Microsoft.App/containerApps')) as { properties: { configuration: { ingress: { targetPort: number } }; template: { scale: { minReplicas: number } } } };
      assert.equal(app.properties.configuration.ingress.targetPort, port);
      assert.equal(app.properties.template.scale.minReplicas, 2);
    });

    it('the probe paths are routes of the real server, answering 200, and the callback URL it outputs passes LINE\'s Verify', async () => {
      const paths = container(template).probes.map((probe) => String((probe.httpGet as { path: string }).path));
      assert.ok(paths.length >= 2);
      const output = armEvaluator(template, sheetValues(EXISTING_GROUP))(template.outputs?.lineCallbackUrl ?? null) as { value?: string } | null;
      const callbackUrl = output?.value ?? '';
      assert.match(callbackUrl, /^https:\/\/unknown\/api\/line\/default$/);
      const server = await startTestServer();
      try {
        for (const path of new Set(paths)) {
          const response = await fetch(`${server.app.url}${path}`);
          assert.equal(response.status, 200, path);
        }
        // LINE's Verify button posts a signed, empty event list to the webhook URL.
        const verify = signWebhook({ destination: 'U0', events: [] }, server.channelSecret);
        const response = await fetch(`${server.app.url}${new URL(callbackUrl).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': verify.signature }, body: verify.raw });
        assert.equal(response.status, 200);
      } finally {
        await server.close();
      }
    });

    it('registers the bot, when asked, with the messaging endpoint https://<app>/api/messages', () => {
      const bot = theOne(template, 'Microsoft.BotService/botServices');
      assert.equal(bot.condition, "[parameters('deployBotRegistration')]");
      const evaluate = armEvaluator(template, sheetValues(EXISTING_GROUP, { deployBotRegistration: true }));
      assert.equal((evaluate(bot) as { properties: { endpoint: string } }).properties.endpoint, 'https://unknown/api/messages');
      assert.match(JSON.stringify(bot.properties), /containerApps.*ingress\.fqdn/);
    });
  });
});
