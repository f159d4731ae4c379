/**
 * How much room rows take in a local D1 database file: pages per table with its indexes (SQLite's
 * dbstat), and row counts. What D1 bills as storage is this same SQLite file.
 */
import { DatabaseSync } from "node:sqlite";
import { statSync } from "node:fs";
import { d1File } from "../lib/local-d1.ts";

export interface TableSize {
  table: string;
  rows: number;
  /** Table and index pages. */
  bytes: number;
}

export function tableSizes(persistTo: string): { fileBytes: number; tables: TableSize[] } {
  const file = d1File(persistTo);
  const db = new DatabaseSync(file);
  try {
    // A process that has just let go of the file may still be closing it: wait rather than fail.
    db.exec("PRAGMA busy_timeout = 10000");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const pages = db
      .prepare(
        `SELECT s.tbl_name AS tbl, SUM(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
         WHERE s.tbl_name NOT LIKE 'sqlite_%' AND s.tbl_name NOT LIKE '_cf_%' AND s.tbl_name NOT LIKE 'd1_%' GROUP BY s.tbl_name`,
      )
      .all() as { tbl: string; bytes: number }[];
    const tables = pages.map(({ tbl, bytes }) => ({
      table: tbl,
      bytes: Number(bytes),
      rows: Number((db.prepare(`SELECT count(*) AS n FROM "${tbl.replace(/"/g, '""')}"`).get() as { n: number }).n),
    }));
    return { fileBytes: statSync(file).size, tables };
  } finally {
    db.close();
  }
}
