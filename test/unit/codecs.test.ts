import { describe, expect, it } from 'vitest';
import {
  asList,
  asNames,
  decodeBody,
  encodeBody,
  errorMessageFrom,
  field,
  numberField,
  stringField,
} from '../../main/core/device/codecs';

describe('reading controller answers', () => {
  it('reads keys whatever their casing, as the doc tables and the wire disagree', () => {
    expect(stringField({ jobId: 'a' }, 'jobId')).toBe('a');
    expect(stringField({ JobId: 'b' }, 'jobId')).toBe('b');
    expect(stringField({ JOBID: 'c' }, 'JobId')).toBe('c');
    expect(stringField({ 'creation-time': 'x' }, 'creationTime')).toBe('x');
    expect(field(['not', 'an', 'object'], 'x')).toBeUndefined();
  });

  it('accepts numbers sent as strings and rejects garbage', () => {
    expect(numberField({ progress: '42' }, 'progress')).toBe(42);
    expect(numberField({ progress: 42 }, 'progress')).toBe(42);
    expect(numberField({ progress: 'n/a' }, 'progress')).toBeUndefined();
    expect(numberField({ progress: '' }, 'progress')).toBeUndefined();
  });

  it('keeps "1.10" a string in XML (fast-xml-parser would make it 1.1)', () => {
    const body = decodeBody('<?xml version="1.0"?><Info><ApiRevision>1.10</ApiRevision></Info>', 'application/xml');
    expect(stringField(body, 'apiRevision')).toBe('1.10');
  });

  it('does not expand XML entities', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">]><Info><Name>&a;&a;</Name></Info>';
    const body = decodeBody(xml, 'application/xml');
    expect(stringField(body, 'name')).not.toContain('AAAAAAAAAA');
  });

  it('reads lists as arrays of strings, of {name}, or XML wrappers', () => {
    expect(asNames(['A', 'B'])).toEqual(['A', 'B']);
    expect(asNames([{ name: 'A' }, { Name: 'B' }, { other: 1 }])).toEqual(['A', 'B']);
    const xml = decodeBody(
      '<?xml version="1.0"?><Files><File><Name>x</Name></File><File><Name>y</Name></File></Files>',
      'application/xml',
    );
    expect(asNames(xml)).toEqual(['x', 'y']);
    const single = decodeBody('<?xml version="1.0"?><Files><File><Name>only</Name></File></Files>', 'application/xml');
    expect(asNames(single)).toEqual(['only']);
    expect(asList('')).toEqual([]);
    expect(asList(undefined)).toEqual([]);
  });

  it('encodes XML as the documentation shows it', () => {
    const { body, contentType } = encodeBody(
      { target: 'Device', fileName: 'GYM24', dataTypes: ['TIMEZONE', 'GFX'] },
      'xml',
      'Backup',
    );
    expect(contentType).toBe('application/xml');
    expect(body).toContain(
      '<Backup><Target>Device</Target><FileName>GYM24</FileName><DataTypes><DataType>TIMEZONE</DataType><DataType>GFX</DataType></DataTypes></Backup>',
    );
    expect(encodeBody({ a: 1 }, 'json', 'X')).toEqual({ body: '{"a":1}', contentType: 'application/json' });
  });

  it('escapes XML special characters in values', () => {
    const { body } = encodeBody({ fileName: '<a&b>' }, 'xml', 'Backup');
    expect(body).toContain('&lt;a&amp;b&gt;');
  });

  it('turns any error body into one useful line', () => {
    expect(errorMessageFrom('{"error":"Invalid data type"}', 'application/json')).toBe('Invalid data type');
    expect(errorMessageFrom('{"error":{"message":"deep"}}', 'application/json')).toBe('deep');
    expect(errorMessageFrom('<html><body><h1>401 Unauthorized</h1><p>x</p></body></html>', 'text/html')).toBe(
      '401 Unauthorized',
    );
    expect(
      errorMessageFrom('<?xml version="1.0"?><Error><Message>No USB key</Message></Error>', 'application/xml'),
    ).toBe('No USB key');
    expect(errorMessageFrom('Service Unavailable\n  full capacity', 'text/plain')).toBe(
      'Service Unavailable full capacity',
    );
    expect(errorMessageFrom('x'.repeat(500), 'text/plain').length).toBeLessThanOrEqual(200);
  });
});
