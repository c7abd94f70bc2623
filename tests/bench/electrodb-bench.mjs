#!/usr/bin/env node
// ElectroDB's side of the key-throughput target of DESIGN.md §9 ("key
// computation at least 50 times the throughput of ElectroDB building the
// same keys in Node.js").
//
//   node electrodb-bench.mjs [--items N] [--runs N] [--harness DIR]
//                            [--keyshape-cli PATH] [--keyshape-bench PATH]
//
// Builds the design of keyshape-bench.c's make_design() as ElectroDB
// entities: 50 entities in one table (PK/SK) and GSI1..GSI5, each with the
// same key templates (GSI2 for every 2nd entity, GSI3 for every 3rd, GSI4
// with the constant partition key ALL for every 5th, GSI5 with a Number
// sort key), and N sample items drawn from the same distribution (Entity00
// holds 10,000 of them, the others share the rest). It then times building
// every item's keys: one untimed warm-up pass, then the median of RUNS
// passes. keyshape-bench's keys_per_s times the same work in Keyshape:
// every item's keys built into its final attributes (with its size and key
// checks, which ElectroDB does not do), without putting the items in the
// sorted tables and indexes (recompute_full_ms times that too).
//
// Two public ElectroDB calls build all index keys of an item:
//
//   conversions  createConversions(entity).fromComposite.toKeys(item):
//                the keys of every index and nothing else (the cheapest);
//   put          entity.put(item).params(): the keys plus the whole PutItem
//                request (validation, attribute setters, identifiers).
//
// electrodb_keys_per_s is the faster of the two, so the comparison gives
// ElectroDB its best case. Every key of every item, from both calls, is
// checked against the templates expanded here before anything is timed;
// with --keyshape-cli the first items of each entity are also written to a
// Keyshape design and compared with `keyshape-cli keys`. With
// --keyshape-bench, keyshape-bench (its default two threads and --serial)
// runs after the ElectroDB passes and the ratios are printed too; the
// build's keyshape-cli next to it is then used for the check.
//
// Like keyshape-bench, this measures wall-clock time: run it on an
// otherwise idle machine.
//
//   node tests/bench/electrodb-bench.mjs --keyshape-bench _build/tests/bench/keyshape-bench
//
// ElectroDB is found in --harness DIR, else $KS_HARNESS_DIR, else the
// source tree's _harness (a copy of ../shared/conformance/harness with
// `npm ci` run in it; see .ci/run).
//
// Prints one JSON line. Exit status: 0 done, 1 a key differs, 2 usage
// error or ElectroDB missing.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const N_ENTITIES = 50;
const BIG_ENTITY_ITEMS = 10000;
const CHECK_ITEMS = 3; // per entity, compared with keyshape-cli

// Options --------------------------------------------------------------------

const opts = { items: 100000, runs: 5, harness: null, cli: null, bench: null };
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      if (i + 1 >= args.length) usage(`${a} needs a value`);
      return args[++i];
    };
    if (a === '--items' || a === '-n') opts.items = parseInt(value(), 10);
    else if (a === '--runs' || a === '-r') opts.runs = parseInt(value(), 10);
    else if (a === '--harness') opts.harness = value();
    else if (a === '--keyshape-cli') opts.cli = value();
    else if (a === '--keyshape-bench') opts.bench = value();
    else usage(`unknown option ${a}`);
  }
  if (!(opts.items > 0) || !(opts.runs > 0)) usage('--items and --runs take a positive number');
  opts.items = Math.max(opts.items, N_ENTITIES);
  if (opts.bench && !existsSync(opts.bench)) usage(`${opts.bench} does not exist`);
  // the build's keyshape-cli, next to its keyshape-bench
  if (opts.bench && !opts.cli) {
    const cli = join(dirname(opts.bench), '..', '..', 'src', 'cli', 'keyshape-cli');
    if (existsSync(cli)) opts.cli = cli;
  }
  opts.runs = Math.min(opts.runs, 32);
}

function usage(msg) {
  console.error(`electrodb-bench: ${msg}`);
  console.error('usage: node electrodb-bench.mjs [--items N] [--runs N] [--harness DIR] '
    + '[--keyshape-cli PATH] [--keyshape-bench PATH]');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const harness = resolve(opts.harness || process.env.KS_HARNESS_DIR || join(here, '..', '..', '_harness'));
let electrodb;
try {
  electrodb = createRequire(join(harness, 'package.json'))('electrodb');
} catch (err) {
  console.error(`electrodb-bench: electrodb is not installed in ${harness} (${err.message.split('\n')[0]});`);
  console.error('  mkdir -p _harness && cp ../shared/conformance/harness/package*.json _harness/ '
    + '&& (cd _harness && npm ci --no-audit --no-fund)');
  process.exit(2);
}
const { Entity, createConversions } = electrodb;

// The design: make_design() of keyshape-bench.c ----------------------------------

const pad = (n, w) => String(n).padStart(w, '0');

// Key attribute → [Keyshape template, key type], for entity e.
function templates(e) {
  const t = {
    PK: [`E${pad(e, 2)}#\${parentId}`, 'S'],
    SK: [`E${pad(e, 2)}#\${createdAt}#\${id}`, 'S'],
    GSI1PK: ['STATUS#${status}', 'S'],
    GSI1SK: ['${createdAt}', 'S'],
  };
  if (e % 2 === 0) {
    t.GSI2PK = ['PARENT#${parentId}', 'S'];
    t.GSI2SK = ['${id}', 'S'];
  }
  if (e % 3 === 0) {
    t.GSI3PK = ['${title|lower}', 'S'];
    t.GSI3SK = ['${id}', 'S'];
  }
  if (e % 5 === 0) {
    t.GSI4PK = ['ALL', 'S'];
    t.GSI4SK = ['${createdAt}#${id}', 'S'];
  }
  t.GSI5PK = ['AMOUNTS#${status}', 'S'];
  t.GSI5SK = ['${amount}', 'N'];
  return t;
}

const ATTRIBUTES = { id: 'S', parentId: 'S', status: 'S', createdAt: 'S', title: 'S', amount: 'N' };
const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)(\|lower)?\}/g;

// One ElectroDB key from a Keyshape template. The templates here only use
// |lower on a template of one placeholder, which is ElectroDB's casing of
// the whole key; every other key keeps its case ("none", as Keyshape's
// ElectroDB export writes them); a Number key is cast to a number.
function electroKey(field, [tmpl, type]) {
  const composite = [...tmpl.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const lower = /\|lower\}/.test(tmpl);
  if (lower && !/^\$\{[A-Za-z0-9_]+\|lower\}$/.test(tmpl)) throw new Error(`${tmpl}: |lower on part of a key`);
  const key = { field, composite, template: tmpl.replace(/\|lower\}/g, '}'), casing: lower ? 'lower' : 'none' };
  if (type === 'N') key.cast = 'number';
  return key;
}

function makeEntity(e) {
  const t = templates(e);
  const indexes = { primary: { pk: electroKey('PK', t.PK), sk: electroKey('SK', t.SK) } };
  for (let g = 1; g <= 5; g++) {
    if (t[`GSI${g}PK`]) {
      indexes[`GSI${g}`] = {
        index: `GSI${g}`,
        pk: electroKey(`GSI${g}PK`, t[`GSI${g}PK`]),
        sk: electroKey(`GSI${g}SK`, t[`GSI${g}SK`]),
      };
    }
  }
  const attributes = {};
  for (const [name, type] of Object.entries(ATTRIBUTES)) attributes[name] = { type: type === 'N' ? 'number' : 'string' };
  const entity = new Entity(
    { model: { entity: `Entity${pad(e, 2)}`, version: '1', service: 'Benchmark' }, attributes, indexes },
    { table: 'Bench' },
  );
  return { e, name: `Entity${pad(e, 2)}`, templates: t, entity, conv: createConversions(entity), items: [] };
}

// mulberry32: a small seeded generator; keyshape-bench uses GLib's GRand
// (seed 42), so the values differ but their distribution is the same.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { int: next, range: (lo, hi) => lo + Math.floor((next() / 4294967296) * (hi - lo)), bool: () => (next() & 1) === 1 };
}

function makeDesign(nItems) {
  const rand = rng(42);
  const big = Math.min(BIG_ENTITY_ITEMS, nItems);
  const rest = nItems - big;
  const entities = [];
  for (let e = 0; e < N_ENTITIES; e++) {
    const ent = makeEntity(e);
    const count = e === 0 ? big : Math.floor(rest / (N_ENTITIES - 1)) + (e - 1 < rest % (N_ENTITIES - 1) ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const id = rand.int().toString(16).padStart(8, '0') + pad(i, 4);
      const parentId = `p${pad(rand.range(0, 2000), 5)}`;
      const status = rand.bool() ? 'OPEN' : 'CLOSED';
      const createdAt = `2026-${pad(rand.range(1, 13), 2)}-${pad(rand.range(1, 29), 2)}T`
        + `${pad(rand.range(0, 24), 2)}:${pad(rand.range(0, 60), 2)}:${pad(rand.range(0, 60), 2)}Z`;
      const title = `Title ${rand.range(0, 500)}`;
      const amount = Number(`${rand.range(0, 100000)}.${pad(rand.range(0, 100), 2)}`);
      ent.items.push({ id, parentId, status, createdAt, title, amount });
    }
    entities.push(ent);
  }
  return entities;
}

// The keys the templates give, expanded here without ElectroDB.
function expectedKeys(ent, item) {
  const keys = {};
  for (const [field, [tmpl, type]] of Object.entries(ent.templates)) {
    const s = tmpl.replace(PLACEHOLDER, (_, name, lower) => (lower ? String(item[name]).toLowerCase() : String(item[name])));
    keys[field] = type === 'N' ? Number(s) : s;
  }
  return keys;
}

// The key fields of a result, in a stable order, as text.
function keyText(ent, obj) {
  return JSON.stringify(Object.keys(ent.templates).sort().map((f) => [f, obj[f]]));
}

const METHODS = {
  conversions: (ent, item) => ent.conv.fromComposite.toKeys(item),
  put: (ent, item) => ent.entity.put(item).params().Item,
};

// Checks --------------------------------------------------------------------------

let failures = 0;
function fail(msg) {
  failures++;
  if (failures <= 10) console.error(`electrodb-bench: ${msg}`);
}

function checkAll(entities) {
  for (const ent of entities) {
    for (const item of ent.items) {
      const want = keyText(ent, expectedKeys(ent, item));
      for (const [method, fn] of Object.entries(METHODS)) {
        const got = fn(ent, item);
        const extra = Object.keys(got).filter((k) => /^(PK|SK|GSI\dPK|GSI\dSK)$/.test(k) && !(k in ent.templates));
        if (keyText(ent, got) !== want || extra.length)
          fail(`${ent.name} ${item.id}: ${method} builds ${keyText(ent, got)}${extra.length ? ` and ${extra}` : ''}, the templates give ${want}`);
      }
    }
  }
}

// Writes the first items of each entity as a Keyshape design and compares
// `keyshape-cli keys` with what ElectroDB builds for them.
function checkWithKeyshape(entities, cli) {
  const dir = mkdtempSync(join(tmpdir(), 'electrodb-bench-'));
  const path = join(dir, 'bench.keyshape.json');
  const key = (name, type) => ({ name, type });
  const design = {
    format: 'keyshape',
    version: 1,
    name: 'Benchmark',
    tables: [{
      name: 'Bench',
      partitionKey: key('PK', 'S'),
      sortKey: key('SK', 'S'),
      indexes: [1, 2, 3, 4, 5].map((g) => ({
        name: `GSI${g}`,
        kind: 'GSI',
        partitionKey: key(`GSI${g}PK`, 'S'),
        sortKey: key(`GSI${g}SK`, g === 5 ? 'N' : 'S'),
        projection: { type: g === 2 ? 'KEYS_ONLY' : 'ALL' },
      })),
    }],
    entities: entities.map((ent) => ({
      name: ent.name,
      table: 'Bench',
      attributes: Object.entries(ATTRIBUTES).map(([name, type]) => ({ name, type })),
      keys: Object.fromEntries(Object.entries(ent.templates).map(([f, [tmpl]]) => [f, tmpl])),
      items: ent.items.slice(0, CHECK_ITEMS),
    })),
  };
  writeFileSync(path, JSON.stringify(design, null, 1));
  const run = spawnSync(cli, ['keys', path], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0 || run.error) {
    fail(`keyshape-cli keys failed (${run.error ? run.error.message : `exit ${run.status}`}): ${run.stderr}`);
    return 0;
  }
  const lines = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const byName = new Map(entities.map((ent) => [ent.name, ent]));
  const seen = new Map();
  let compared = 0;
  for (const line of lines) {
    const ent = byName.get(line.entity);
    const n = seen.get(line.entity) || 0;
    seen.set(line.entity, n + 1);
    if (!ent || n >= CHECK_ITEMS) {
      fail(`keyshape-cli keys printed an unexpected item of ${line.entity}`);
      continue;
    }
    if (line.errors && line.errors.length) fail(`${line.entity} item ${n}: Keyshape reports ${JSON.stringify(line.errors)}`);
    const item = ent.items[n];
    if (line.item.id.S !== item.id) fail(`${line.entity} item ${n}: keyshape-cli keys prints ${line.item.id.S}, not ${item.id}`);
    // Keyshape's key attributes, as plain values (an N as a number)
    const ks = {};
    for (const f of Object.keys(ent.templates)) {
      const av = line.item[f];
      ks[f] = av === undefined ? undefined : 'N' in av ? Number(av.N) : av.S;
    }
    const extra = Object.keys(line.item).filter((k) => /^(PK|SK|GSI\dPK|GSI\dSK)$/.test(k) && !(k in ent.templates));
    const want = keyText(ent, ks);
    for (const [method, fn] of Object.entries(METHODS)) {
      const got = keyText(ent, fn(ent, item));
      if (got !== want || extra.length) fail(`${ent.name} ${item.id}: ${method} builds ${got}, Keyshape ${want}${extra.length ? ` and ${extra}` : ''}`);
    }
    compared++;
  }
  for (const ent of entities) {
    if ((seen.get(ent.name) || 0) !== Math.min(CHECK_ITEMS, ent.items.length))
      fail(`keyshape-cli keys printed ${seen.get(ent.name) || 0} items of ${ent.name}`);
  }
  return compared;
}

// Timing --------------------------------------------------------------------------

function median(v) {
  const s = [...v].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// One pass: every item's keys. The sum of key lengths keeps the results used.
function pass(entities, fn) {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const ent of entities) {
    const items = ent.items;
    for (let i = 0; i < items.length; i++) sink += fn(ent, items[i]).SK.length;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, sink };
}

function timeMethod(entities, fn) {
  const first = pass(entities, fn); // warm-up: JIT, inline caches
  const ms = [];
  for (let r = 0; r < opts.runs; r++) {
    const p = pass(entities, fn);
    if (p.sink !== first.sink) throw new Error('a pass built other keys');
    ms.push(p.ms);
  }
  return median(ms);
}

function runOrExit(cmd, args) {
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  if (run.status !== 0 || run.error) {
    console.error(`electrodb-bench: ${cmd} ${args.join(' ')} failed: ${run.error ? run.error.message : run.signal || `exit ${run.status}`} ${run.stderr}`);
    process.exit(2);
  }
  return run.stdout;
}

function keyshapeBench(bench, serial) {
  const args = ['--items', String(opts.items), '--runs', String(opts.runs)];
  if (serial) args.push('--serial');
  return JSON.parse(runOrExit(bench, args).trim().split('\n').pop()).keys_per_s;
}

// Main ----------------------------------------------------------------------------

const entities = makeDesign(opts.items);
const nItems = entities.reduce((n, ent) => n + ent.items.length, 0);
checkAll(entities);
const compared = opts.cli ? checkWithKeyshape(entities, opts.cli) : 0;
if (failures) {
  console.error(`electrodb-bench: ${failures} key mismatches; nothing timed`);
  process.exit(1);
}

const out = { items: nItems };
const perS = {};
for (const [method, fn] of Object.entries(METHODS)) {
  const ms = timeMethod(entities, fn);
  perS[method] = nItems / (ms / 1000);
  out[`${method}_ms`] = Number(ms.toFixed(1));
}
const best = Object.keys(perS).reduce((a, b) => (perS[a] >= perS[b] ? a : b));
out.electrodb_keys_per_s = Math.round(perS[best]);
out.electrodb_method = best;
for (const method of Object.keys(METHODS)) out[`${method}_keys_per_s`] = Math.round(perS[method]);
out.checked_items = nItems;
out.checked_with_keyshape = compared;
out.node = process.version;
out.electrodb = createRequire(join(harness, 'package.json'))('electrodb/package.json').version;
if (opts.bench) {
  out.keyshape_keys_per_s = keyshapeBench(opts.bench, false);
  out.keyshape_serial_keys_per_s = keyshapeBench(opts.bench, true);
  out.ratio = Number((out.keyshape_keys_per_s / out.electrodb_keys_per_s).toFixed(1));
  out.ratio_serial = Number((out.keyshape_serial_keys_per_s / out.electrodb_keys_per_s).toFixed(1));
}
console.log(JSON.stringify(out));
