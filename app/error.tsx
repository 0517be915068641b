'use client';

import { ServiceUnavailable } from '@/components/ui/service-unavailable';

export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return <ServiceUnavailable retry={retry} />;
}
