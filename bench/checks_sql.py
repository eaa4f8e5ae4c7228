#!/usr/bin/env python3
"""Prints the SQL of every built-in check for a PostgreSQL major, as the engine runs it: the text under the highest
sql key not above the major, each :param replaced by its default (pgmaint.system_schemas by the one pattern), one
statement per check after a "-- pgmaint check: <id>" line. Checks run only by a built-in collector, or not part of full runs, are
left out.   bench/checks_sql.py MAJOR  (run from the project root)"""
import glob, re, sys, yaml
major = int(sys.argv[1])
SYSTEM = re.search(r'REGEX = "([^"]*)"', open('src/main/java/org/pgmaint/db/SystemSchemas.java').read()).group(1)
for path in sorted(glob.glob('checks/**/*.yaml', recursive=True)):
    check = yaml.safe_load(open(path))
    if 'sql' not in check or 'full' not in check.get('modes', ['standard', 'full']):
        continue   # a built-in collector's check (retention: no policies here), or not part of full runs
    keys = [k for k in check['sql'] if int(k) <= major]
    sql = check['sql'][max(keys, key=int)]
    params = check.get('params') or {}
    def literal(v):   # the default as an SQL literal, as the driver would bind it
        if isinstance(v, list):
            return "'{" + ','.join(map(str, v)) + "}'"
        return "'" + v.replace("'", "''") + "'" if isinstance(v, str) else str(v)
    def value(spec):   # a parameter from pgmaint.system_schemas has no default: the one pattern, from its class
        return SYSTEM if spec.get('from') == 'pgmaint.system_schemas' else spec['default']
    sql = re.sub(r'(?<![:\w]):([A-Za-z_]\w*)', lambda m: literal(value(params[m.group(1)])), sql)
    print('-- pgmaint check: ' + check['id'])
    print(sql.rstrip().rstrip(';') + ';')
