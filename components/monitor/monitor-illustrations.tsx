import { EntraApiPermissionsIllustration, EntraRegisterAppIllustration, EntraUploadCertificateIllustration } from '@/components/illustrations';

/** The manual path's pictures: register the monitoring app, upload the certificate, grant its read permissions. */
export function MonitorIllustrations({ thumbprint, tenantName }: { thumbprint: string; tenantName?: string }) {
  return (
    <div className="space-y-4">
      <EntraRegisterAppIllustration appName="Nexthink setup monitor (read-only)" />
      <EntraUploadCertificateIllustration thumbprint={thumbprint} />
      <EntraApiPermissionsIllustration
        highlight="grant-consent"
        {...(tenantName && { tenantName })}
        permissions={[
          { name: 'Application.Read.All', type: 'Application', granted: true },
          { name: 'AuditLog.Read.All', type: 'Application', granted: true },
          { name: 'User.Read.All', type: 'Application', granted: true },
        ]}
      />
    </div>
  );
}
