import { z } from 'zod';
import { contactMergeBodySchema, contactPatchBodySchema } from './adminContactRoutes';

const errorResponse = (description: string): object => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: object): object => ({ 'application/json': { schema } });
const contactIdParameter = { name: 'contactId', in: 'path', required: true, schema: { type: 'string' }, example: 'c_0123456789abcdef0123' };
const contactWithCustomers = json({ type: 'object', properties: { contact: { $ref: '#/components/schemas/Contact' }, customers: { type: 'array', items: { type: 'object' } } } });

/**
 * The paths of the admin contacts API (`registerAdminContactRoutes`) in the OpenAPI document.
 *
 * @example const paths = contactOpenApiPaths(supervisorOnly, supervisorRefusals);
 */
export function contactOpenApiPaths(supervisorOnly: object, supervisorRefusals: object): Record<string, object> {
  return {
    '/api/admin/contacts': {
      get: {
        ...supervisorOnly,
        summary: 'Search contacts by name, email, phone or external id (recently changed first without `q`); at most 50',
        parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } }],
        responses: { 200: { description: '`items`: the contacts', content: json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Contact' } } } }) }, ...supervisorRefusals },
      },
    },
    '/api/admin/contacts/{contactId}': {
      parameters: [contactIdParameter],
      get: { ...supervisorOnly, summary: 'One contact with the customer profiles linked to it', responses: { 200: { description: 'the contact and its customers', content: contactWithCustomers }, 404: errorResponse('no such contact'), ...supervisorRefusals } },
      patch: {
        ...supervisorOnly,
        summary: 'Edit a contact: absent fields stay, `null` or an empty string clears email, phone or notes',
        requestBody: { required: true, content: json(z.toJSONSchema(contactPatchBodySchema, { io: 'input' })) },
        responses: { 200: { description: 'the contact', content: json({ $ref: '#/components/schemas/Contact' }) }, 400: errorResponse('an invalid field, named'), 404: errorResponse('no such contact'), ...supervisorRefusals },
      },
    },
    '/api/admin/contacts/{contactId}/customers/{customerId}': {
      parameters: [contactIdParameter, { name: 'customerId', in: 'path', required: true, schema: { type: 'string' } }],
      delete: { ...supervisorOnly, summary: 'Unlink a customer profile from the contact', responses: { 204: { description: 'unlinked' }, 404: errorResponse('the customer is not linked to this contact'), ...supervisorRefusals } },
    },
    '/api/admin/contacts/{contactId}/merge': {
      parameters: [contactIdParameter],
      post: {
        ...supervisorOnly,
        summary: 'Merge a duplicate into this contact: its customers move here, empty fields are filled from it, and it is deleted',
        requestBody: { required: true, content: json(z.toJSONSchema(contactMergeBodySchema, { io: 'input' })) },
        responses: { 200: { description: 'the contact kept and all its customers', content: contactWithCustomers }, 400: errorResponse('the same contact twice'), 404: errorResponse('no such contact'), ...supervisorRefusals },
      },
    },
  };
}
