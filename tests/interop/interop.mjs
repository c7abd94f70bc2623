#!/usr/bin/env node
// Checks Keyshape's exports with the ecosystem's own tools.
//
//   node interop.mjs KEYSHAPE_CLI WORKDIR DESIGN.keyshape.json...
//
// WORKDIR holds node_modules (electrodb, typescript, dynalite; see
// package.json). The checks:
//
//   electrodb      the ElectroDB export type-checks against electrodb's own
//                  types, transpiles, loads, and for every sample item
//                  `Entity.put(item).params()` builds exactly the keys that
//                  `keyshape-cli keys` prints;
//   create-table   dynalite's CreateTable accepts the AWS CLI input;
//   cloudformation dynalite's CreateTable accepts each table's Properties
//                  (TimeToLiveSpecification is not a CreateTable parameter);
//   workbench      the NoSQL Workbench model's tables created in dynalite,
//                  its items written with BatchWriteItem, and a Scan returns
//                  exactly the design's items.
//
// dynalite (2020) predates multi-attribute GSI keys (dynamodb-rules.md
// §10.6): such indexes are taken out of the requests sent to it, and the
// test says so; cfn-lint checks them in the CloudFormation test.
//
// Exit status: 0 every check passed, 1 a check failed, 77 a tool is missing.

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [cli, work, ...designPaths] = process.argv.slice(2);
if (!cli || !work || !designPaths.length) {
  console.error('usage: node interop.mjs KEYSHAPE_CLI WORKDIR DESIGN...');
  process.exit(2);
}
const require = createRequire(join(resolve(work), 'package.json'));

let ts, dynalite;
try {
  ts = require('typescript');
  dynalite = require('dynalite');
  require.resolve('electrodb');
} catch (err) {
  console.log(`# skip: the npm packages are not installed in ${work}: ${err.message}`);
  process.exit(77);
}

let failures = 0;
let passes = 0;
function check(ok, what, detail) {
  if (ok) {
    passes++;
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`not ok - ${what}${detail ? `\n  ${detail.split('\n').join('\n  ')}` : ''}`);
  }
}

function ks(...args) {
  try {
    return execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // `keys` exits 1 when some item has errors; its lines are still right
    if (args[0] === 'keys' && err.status === 1) return err.stdout;
    throw new Error(`keyshape-cli ${args.join(' ')}: ${err.stderr || err.message}`);
  }
}

// Per design: its file, its JSON, `keyshape-cli keys` lines, key attributes.
function loadDesign(designPath, n) {
  const design = JSON.parse(readFileSync(designPath, 'utf8'));
  const keyLines = ks('keys', designPath).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const keyAttributes = new Set();
  for (const t of design.tables) {
    const add = (k) => (Array.isArray(k) ? k : k ? [k] : []).forEach((a) => keyAttributes.add(a.name));
    add(t.partitionKey);
    add(t.sortKey);
    for (const i of t.indexes || []) {
      add(i.partitionKey);
      add(i.sortKey);
    }
  }
  return { path: designPath, n, design, keyLines, keyAttributes, label: design.name || designPath };
}

// DynamoDB JSON -> plain value, as ElectroDB returns it in params.
function plain(av) {
  const [t, v] = Object.entries(av)[0];
  switch (t) {
    case 'N': return Number(v);
    case 'NS': return v.map(Number);
    case 'M': return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    case 'L': return v.map(plain);
    default: return v;
  }
}

// Canonical text of a DynamoDB JSON item: members and set elements sorted.
function canonical(av) {
  if (Array.isArray(av)) return av.map(canonical);
  if (av && typeof av === 'object') {
    const out = {};
    for (const k of Object.keys(av).sort()) {
      const v = av[k];
      out[k] = ['SS', 'NS', 'BS'].includes(k) ? [...v].sort() : canonical(v);
    }
    return out;
  }
  return av;
}

// ElectroDB -----------------------------------------------------------------

// Writes each design's ElectroDB export and type-checks them all in one
// program (reading electrodb's types once).
function typecheckElectroDB(designs) {
  const files = designs.map((d) => {
    d.electrodb = ks('export', d.path, '--format', 'electrodb');
    d.tsFile = join(work, `entities-${d.n}.ts`);
    writeFileSync(d.tsFile, d.electrodb);
    return d.tsFile;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
  });
  for (const d of designs) {
    const diags = ts.getPreEmitDiagnostics(program, program.getSourceFile(d.tsFile)).map((x) =>
      ts.flattenDiagnosticMessageText(x.messageText, '\n'));
    check(diags.length === 0, `${d.label}: electrodb: the export type-checks against electrodb`, diags.join('\n'));
  }
}

async function checkElectroDB(d) {
  const { design, keyLines, keyAttributes } = d;
  const js = ts.transpileModule(d.electrodb, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const jsFile = join(work, `entities-${d.n}.mjs`);
  writeFileSync(jsFile, js);
  let mod;
  try {
    mod = await import(pathToFileURL(jsFile).href);
  } catch (err) {
    check(false, `${d.label}: electrodb: the entities load`, err.stack);
    return;
  }
  check(true, `${d.label}: electrodb: the entities load`);

  const byEntity = new Map();
  for (const line of keyLines) {
    if (!byEntity.has(line.entity)) byEntity.set(line.entity, []);
    byEntity.get(line.entity).push(line);
  }
  const entities = Object.values(mod).filter((e) => e && e.schema && e.model);
  for (const ent of design.entities) {
    const entity = entities.find((e) => e.model.entity === ent.name);
    if (!entity) {
      check(false, `${d.label}: electrodb: entity ${ent.name} is exported`);
      continue;
    }
    const lines = byEntity.get(ent.name) || [];
    const declared = new Set((ent.attributes || []).map((a) => a.name));
    lines.forEach((line, i) => {
      // the item's declared attributes, typed as Keyshape holds them
      const item = {};
      for (const [k, v] of Object.entries(line.item)) {
        if (declared.has(k)) item[k] = plain(v);
      }
      const expected = {};
      for (const [k, v] of Object.entries(line.item)) {
        if (keyAttributes.has(k)) expected[k] = plain(v);
      }
      let got;
      try {
        const params = entity.put(item).params();
        got = {};
        for (const [k, v] of Object.entries(params.Item)) {
          if (keyAttributes.has(k)) got[k] = v;
        }
      } catch (err) {
        check(false, `${d.label}: electrodb: ${ent.name} item ${i} keys`, err.message);
        return;
      }
      const a = JSON.stringify(canonical(expected));
      const b = JSON.stringify(canonical(got));
      check(a === b, `${d.label}: electrodb: ${ent.name} item ${i} keys`, `keyshape: ${a}\nelectrodb: ${b}`);
    });
  }
}

// dynalite ----------------------------------------------------------------

async function withDynalite(fn) {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', res);
  });
  const { port } = server.address();
  const call = async (op, body) => {
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': `DynamoDB_20120810.${op}`,
        'X-Amz-Date': '20240101T000000Z',
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, ' +
          'SignedHeaders=host;x-amz-date;x-amz-target, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status !== 200) {
      const err = new Error(`${op}: ${json.__type}: ${json.message}`);
      err.body = json;
      throw err;
    }
    return json;
  };
  try {
    await fn(call);
  } finally {
    server.close();
  }
}

// dynalite knows no multi-attribute keys: take those GSIs (and the
// attribute definitions only they use) out.
function forDynalite(input) {
  const out = structuredClone(input);
  const dropped = [];
  if (out.GlobalSecondaryIndexes) {
    out.GlobalSecondaryIndexes = out.GlobalSecondaryIndexes.filter((g) => {
      const multi = g.KeySchema.filter((k) => k.KeyType === 'HASH').length > 1 ||
        g.KeySchema.filter((k) => k.KeyType === 'RANGE').length > 1;
      if (multi) dropped.push(g.IndexName);
      return !multi;
    });
    if (!out.GlobalSecondaryIndexes.length) delete out.GlobalSecondaryIndexes;
  }
  const used = new Set();
  for (const ks of [out.KeySchema, ...(out.GlobalSecondaryIndexes || []).map((g) => g.KeySchema),
    ...(out.LocalSecondaryIndexes || []).map((l) => l.KeySchema)]) {
    ks.forEach((k) => used.add(k.AttributeName));
  }
  out.AttributeDefinitions = out.AttributeDefinitions.filter((d) => used.has(d.AttributeName));
  for (const name of dropped) {
    console.log(`# dynalite predates multi-attribute keys: index ${name} of ${out.TableName} left out of its CreateTable`);
  }
  return out;
}

async function createTable(call, input, what) {
  try {
    await call('CreateTable', forDynalite(input));
    const { Table } = await call('DescribeTable', { TableName: input.TableName });
    check(Table.TableStatus === 'ACTIVE' || Table.TableStatus === 'CREATING', `${what}: CreateTable accepted`);
    return true;
  } catch (err) {
    check(false, `${what}: CreateTable accepted`, err.message);
    return false;
  }
}

async function checkCreateTable(call, d) {
  const out = JSON.parse(ks('export', d.path, '--format', 'create-table'));
  for (const input of Array.isArray(out) ? out : [out]) {
    await createTable(call, { ...input, TableName: `${input.TableName}-cli${d.n}` },
      `${d.label}: create-table ${input.TableName}`);
  }
}

async function checkCloudFormation(call, d) {
  const tmpl = JSON.parse(ks('export', d.path, '--format', 'cloudformation'));
  for (const [id, res] of Object.entries(tmpl.Resources)) {
    if (res.Type !== 'AWS::DynamoDB::Table') continue;
    const { TimeToLiveSpecification, ...props } = res.Properties;
    await createTable(call, { ...props, TableName: `${props.TableName}-cfn${d.n}` },
      `${d.label}: cloudformation ${id}`);
  }
}

async function checkWorkbench(call, d) {
  const model = JSON.parse(ks('export', d.path, '--format', 'nosql-workbench'));
  const what = (t) => `${d.label}: nosql-workbench ${t.TableName}`;
  const expected = new Map();   // table -> canonical items
  for (const line of d.keyLines) {
    if (!expected.has(line.table)) expected.set(line.table, []);
    if (!line.errors.length) expected.get(line.table).push(JSON.stringify(canonical(line.item)));
  }
  for (const t of model.DataModel) {
    const keyDef = (k) => [{ AttributeName: k.AttributeName, AttributeType: k.AttributeType }];
    const keySchema = (ka) => [{ AttributeName: ka.PartitionKey.AttributeName, KeyType: 'HASH' },
      ...(ka.SortKey ? [{ AttributeName: ka.SortKey.AttributeName, KeyType: 'RANGE' }] : [])];
    const defs = new Map();
    const addDefs = (ka) => [ka.PartitionKey, ka.SortKey].filter(Boolean).forEach((k) =>
      keyDef(k).forEach((d) => defs.set(d.AttributeName, d)));
    addDefs(t.KeyAttributes);
    (t.GlobalSecondaryIndexes || []).forEach((g) => addDefs(g.KeyAttributes));
    const input = {
      TableName: `${t.TableName}-wb${d.n}`,
      KeySchema: keySchema(t.KeyAttributes),
      AttributeDefinitions: [...defs.values()],
      BillingMode: 'PAY_PER_REQUEST',
    };
    if ((t.GlobalSecondaryIndexes || []).length) {
      input.GlobalSecondaryIndexes = t.GlobalSecondaryIndexes.map((g) => ({
        IndexName: g.IndexName, KeySchema: keySchema(g.KeyAttributes), Projection: g.Projection,
      }));
    }
    if (!await createTable(call, input, what(t))) continue;

    const items = (t.TableFacets || []).flatMap((f) => f.TableData || []).concat(t.TableData || []);
    try {
      for (let i = 0; i < items.length; i += 25) {
        let req = { [input.TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
        for (let tries = 0; req && Object.keys(req).length; tries++) {
          if (tries > 20) throw new Error('BatchWriteItem kept returning UnprocessedItems');
          req = (await call('BatchWriteItem', { RequestItems: req })).UnprocessedItems;
        }
      }
      check(true, `${what(t)}: BatchWriteItem of ${items.length} items`);
    } catch (err) {
      check(false, `${what(t)}: BatchWriteItem`, err.message);
      continue;
    }
    const scanned = [];
    let start;
    do {
      const res = await call('Scan', { TableName: input.TableName, ...(start ? { ExclusiveStartKey: start } : {}) });
      scanned.push(...res.Items.map((it) => JSON.stringify(canonical(it))));
      start = res.LastEvaluatedKey;
    } while (start);
    const want = (expected.get(t.TableName) || []).slice().sort();
    scanned.sort();
    const missing = want.filter((x) => !scanned.includes(x));
    const extra = scanned.filter((x) => !want.includes(x));
    check(missing.length === 0 && extra.length === 0 && scanned.length === want.length,
      `${what(t)}: Scan returns exactly the design's ${want.length} items`,
      `missing: ${missing.join('\n')}\nextra: ${extra.join('\n')}`);
  }
}

try {
  const designs = designPaths.map(loadDesign);
  typecheckElectroDB(designs);
  for (const d of designs) await checkElectroDB(d);
  await withDynalite(async (call) => {
    for (const d of designs) {
      await checkCreateTable(call, d);
      await checkCloudFormation(call, d);
      await checkWorkbench(call, d);
    }
  });
} catch (err) {
  check(false, 'interop checks ran', err.stack);
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
