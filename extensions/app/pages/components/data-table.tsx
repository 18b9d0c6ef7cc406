import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';

interface DataTableProps {
  testId?: string;
  headers: string[];
  /** One entry per row: its React key and its cells, in header order. */
  rows: { key: string; cells: ReactNode[] }[];
}

/** A bordered table with a header row: the one table shape of the manager page. */
export function DataTable({ testId, headers, rows }: DataTableProps) {
  return (
    <Table bordered {...(testId === undefined ? {} : { testId })}>
      <TableHead>
        <TableRow>
          {headers.map((h) => (
            <TableHeader key={h}>{h}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>
            {row.cells.map((cell, i) => (
              <TableCell key={headers[i] ?? i}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
