import type { SignatureCheck, SignatureFile } from '../../wallet/documents';
import { field } from '../../protocol/fields';
import { request } from '../../protocol/define';
import type { MembershipSummary } from '../wallet/protocol';

export const documentsProtocol = {
  signDocument: request<{ file: SignatureFile }>()({ fields: { title: field.text(), base64: field.base64() } }),
  verifyDocument: request<SignatureCheck & { membership?: MembershipSummary; handle?: string }>()({
    fields: { base64: field.base64(), signatureFile: field.text() },
  }),
};
