#!/usr/bin/env node
// Keyshape live: deploys designs into dynalite and runs their access
// patterns against it.
//
//   node live.mjs KEYSHAPE_CLI WORKDIR DESIGN...
//
// WORKDIR holds node_modules (dynalite and @aws-sdk/client-dynamodb; see
// run-live.sh). For each design, with a table prefix of its own:
//
//   deploy          `keyshape-cli deploy DESIGN --endpoint URL` succeeds,
//                   with progress on stderr;
//   scan            a Scan of every table (through the AWS SDK, not through
//                   Keyshape) returns exactly the items `keyshape-cli keys`
//                   prints;
//   refuse          deploying again without --replace fails (exit 1), names
//                   --replace, and leaves the tables as they were;
//   replace         with --replace it succeeds and the Scan is the same;
//   patterns        `keyshape-cli patterns DESIGN --endpoint URL` passes
//                   every pattern (text and --json);
//   credentials     no output of any run contains the access key or secret.
//
// dynalite (2020) has no multi-attribute GSI keys (dynamodb-rules.md
// §10.6); the designs deployed here have none.
//
// Exit status: 0 every check passed, 1 a check failed, 77 a tool is missing.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename } from 'node:path';

const [cli, work, ...designPaths] = process.argv.slice(2);
if (!cli || !work || !designPaths.length) {
  console.error('usage: node live.mjs KEYSHAPE_CLI WORKDIR DESIGN...');
  process.exit(2);
}
const require = createRequire(join(resolve(work), 'package.json'));

let dynalite, sdk;
try {
  dynalite = require('dynalite');
  sdk = require('@aws-sdk/client-dynamodb');
} catch (err) {
  console.log(`# skip: the npm packages are not installed in ${work}: ${err.message}`);
  process.exit(77);
}

const ACCESS_KEY = 'AKIDKEYSHAPELIVE';
const SECRET = 'keyshape/Live+Secret/NeverPrinted';
const home = mkdtempSync(join(tmpdir(), 'keyshape-live-'));
// the CLI gets dummy keys and a HOME without ~/.aws
const env = { ...process.env, HOME: home, AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET };
for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION',
  'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE']) delete env[name];

let failures = 0;
let passes = 0;
function check(ok, what, detail) {
  if (ok) {
    passes++;
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`not ok - ${what}${detail ? `\n  ${String(detail).split('\n').join('\n  ')}` : ''}`);
  }
}

// Asynchronous: dynalite answers from this very process, so a blocking
// spawn would deadlock.
const outputs = [];
function ks(...args) {
  return new Promise((done) => {
    const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', (err) => (stderr += String(err)));
    child.on('close', (status) => {
      clearTimeout(timer);
      outputs.push(stdout, stderr);
      done({ status, stdout, stderr });
    });
  });
}

// Canonical text of a DynamoDB JSON item: members and set elements sorted,
// binaries in base64 as keyshape-cli prints them.
function canonical(av) {
  if (av instanceof Uint8Array) return Buffer.from(av).toString('base64');
  if (Array.isArray(av)) return av.map(canonical);
  if (av && typeof av === 'object') {
    const out = {};
    for (const k of Object.keys(av).sort()) {
      if (av[k] === undefined) continue;
      const v = canonical(av[k]);
      out[k] = ['SS', 'NS', 'BS'].includes(k) ? [...v].sort() : v;
    }
    return out;
  }
  return av;
}

async function scanAll(client, table) {
  const items = [];
  let start;
  do {
    const page = await client.send(new sdk.ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...page.Items);
    start = page.LastEvaluatedKey;
  } while (start);
  return items.map((i) => JSON.stringify(canonical(i))).sort();
}

async function expectedItems(designPath) {
  const r = await ks('keys', designPath);
  // `keys` exits 1 when an item has errors; deploy refuses those designs
  if (r.status !== 0) return null;
  const byTable = new Map();
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const { table, item } = JSON.parse(line);
    if (!table) continue;
    if (!byTable.has(table)) byTable.set(table, []);
    byTable.get(table).push(JSON.stringify(canonical(item)));
  }
  for (const list of byTable.values()) list.sort();
  return byTable;
}

function sameList(a, b) {
  if (a.length !== b.length) return `${a.length} items at the endpoint, ${b.length} in the design`;
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) return `first difference:\n endpoint: ${a[i]}\n design:   ${b[i]}`;
  return null;
}

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((ok, fail) => server.listen(0, '127.0.0.1', (err) => (err ? fail(err) : ok())));
const url = `http://127.0.0.1:${server.address().port}`;
const client = new sdk.DynamoDBClient({
  endpoint: url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'scan', secretAccessKey: 'scan' },
});
console.log(`# dynalite at ${url}`);

try {
  for (const [n, designPath] of designPaths.entries()) {
    const label = basename(designPath);
    const prefix = `live${n}-`;
    const expected = await expectedItems(designPath);
    if (expected === null) {
      check(false, `${label}: keyshape-cli keys`, 'the design has item errors');
      continue;
    }

    const deploy = await ks('deploy', designPath, '--endpoint', url, '--table-prefix', prefix);
    check(deploy.status === 0, `${label}: deploy`, deploy.stderr);
    if (deploy.status !== 0) continue;
    check(/Creating table/.test(deploy.stderr) && /Loading .*\(100%\)/.test(deploy.stderr),
      `${label}: deploy reports progress on stderr`, deploy.stderr);
    check(deploy.stdout === '', `${label}: deploy prints nothing on stdout`, deploy.stdout);

    const scans = new Map();
    for (const [table, items] of expected) {
      const got = await scanAll(client, prefix + table);
      scans.set(table, got);
      const diff = sameList(got, items);
      check(diff === null, `${label}: Scan of ${prefix}${table} returns exactly the design's ${items.length} items`, diff);
    }

    const again = await ks('deploy', designPath, '--endpoint', url, '--table-prefix', prefix);
    check(again.status === 1 && /--replace/.test(again.stderr) && /already exist/.test(again.stderr),
      `${label}: deploying onto existing tables is refused`, `exit ${again.status}\n${again.stderr}`);
    for (const [table, items] of scans) {
      const got = await scanAll(client, prefix + table);
      check(sameList(got, items) === null, `${label}: the refused deploy left ${prefix}${table} as it was`);
    }

    const replace = await ks('deploy', designPath, '--endpoint', url, '--table-prefix', prefix, '--replace');
    check(replace.status === 0 && /Deleting table/.test(replace.stderr), `${label}: deploy --replace`, replace.stderr);
    for (const [table, items] of expected) {
      const got = await scanAll(client, prefix + table);
      check(sameList(got, items) === null, `${label}: after --replace, ${prefix}${table} holds the design's items`,
        sameList(got, items));
    }

    const patterns = await ks('patterns', designPath, '--endpoint', url, '--table-prefix', prefix);
    const total = (patterns.stdout.match(/^(PASS|FAIL) /gm) || []).length;
    check(patterns.status === 0 && !/^FAIL /m.test(patterns.stdout),
      `${label}: patterns --endpoint passes every pattern (${total})`, `exit ${patterns.status}\n${patterns.stdout}${patterns.stderr}`);
    const asJson = await ks('patterns', designPath, '--endpoint', url, '--table-prefix', prefix, '--json');
    let checks = [];
    try {
      checks = JSON.parse(asJson.stdout);
    } catch (err) {
      checks = null;
    }
    check(asJson.status === 0 && Array.isArray(checks) && checks.length === total &&
      checks.every((c) => c.equal && c.live && c.expected),
      `${label}: patterns --endpoint --json: every pattern equal`, asJson.stdout.slice(0, 2000) + asJson.stderr);
  }

  // a table name DynamoDB refuses: a clear error, exit 1
  const bad = await ks('deploy', designPaths[0], '--endpoint', url, '--table-prefix', 'no spaces allowed ');
  check(bad.status === 1 && /ValidationException/.test(bad.stderr),
    'an invalid table name gives DynamoDB\'s error and exit 1', `exit ${bad.status}\n${bad.stderr}`);
  // an endpoint where nothing listens: exit 2, the endpoint named
  const down = await ks('deploy', designPaths[0], '--endpoint', 'http://127.0.0.1:9');
  check(down.status === 2 && /127\.0\.0\.1:9/.test(down.stderr), 'an unreachable endpoint gives exit 2',
    `exit ${down.status}\n${down.stderr}`);

  const leaked = outputs.filter((o) => o.includes(SECRET) || o.includes(ACCESS_KEY));
  check(leaked.length === 0, 'no output of keyshape-cli contains the access key or the secret', leaked.join('\n'));
} finally {
  client.destroy();
  await new Promise((ok) => server.close(() => ok()));
  rmSync(home, { recursive: true, force: true });
}

console.log(`1..${passes + failures}`);
console.log(`# ${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
