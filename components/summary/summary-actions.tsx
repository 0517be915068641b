'use client';

import { Button, buttonClass } from '@/components/ui/button';

export function SummaryActions({ setupId }: { setupId: string }) {
  return (
    <div className="no-print flex flex-wrap gap-2">
      <a className={buttonClass('secondary')} href={`/api/setups/${setupId}/summary?format=markdown&download=1`} download>
        Export Markdown
      </a>
      <a className={buttonClass('secondary')} href={`/api/setups/${setupId}/summary?format=json&download=1`} download>
        Export JSON
      </a>
      <Button variant="secondary" onClick={() => window.print()}>
        Print
      </Button>
    </div>
  );
}
