export { EntraRegisterAppIllustration } from './entra-register-app';
export { EntraAppOverviewIllustration } from './entra-app-overview';
export { EntraApiPermissionsIllustration, type IllustratedPermission } from './entra-api-permissions';
export { EntraCertificatesSecretsIllustration } from './entra-certificates-secrets';
export { EntraUploadCertificateIllustration } from './entra-upload-certificate';
export { NexthinkConnectorCredentialsIllustration } from './nexthink-connector-credentials';
export { NexthinkInboundGeneralIllustration, NexthinkFieldMappingIllustration } from './nexthink-inbound-connector';
export { NexthinkTestWorkflowGeneralIllustration, NexthinkTestWorkflowDesignerIllustration, NexthinkTestThinkletIllustration } from './nexthink-test-workflow';
