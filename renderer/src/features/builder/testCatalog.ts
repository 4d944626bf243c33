/** A small catalog for component tests and the responsiveness measurement (mirrors the demo data's shape). */
import type { Catalog } from '../../../../shared/models/catalog';

export const testCatalog: Catalog = {
  entities: [
    {
      name: 'contact',
      label: 'Contact',
      keyField: 'contactid',
      displayField: 'fullname',
      recordCount: 100,
      fields: [
        { name: 'fullname', label: 'Full Name', type: 'text' },
        { name: 'address1_city', label: 'Address 1: City', type: 'text' },
        { name: 'jobtitle', label: 'Job Title', type: 'text' },
        { name: 'createdon', label: 'Created On', type: 'datetime' },
        { name: 'birthdate', label: 'Birthday', type: 'date' },
        { name: 'donotbulkemail', label: 'Do not allow Bulk Emails', type: 'boolean' },
        { name: 'numberofchildren', label: 'No. of Children', type: 'integer' },
        {
          name: 'gendercode',
          label: 'Gender',
          type: 'choice',
          options: [
            { value: 'Male', label: 'Male' },
            { value: 'Female', label: 'Female' },
          ],
        },
        {
          name: 'favoritepets',
          label: 'Favorite pets',
          type: 'multichoice',
          options: [
            { value: 'Dogs', label: 'Dogs' },
            { value: 'Cats', label: 'Cats' },
            { value: 'Birds', label: 'Birds' },
          ],
        },
        { name: 'parentcustomerid', label: 'Company Name', type: 'lookup', lookupEntity: 'account' },
      ],
    },
    {
      name: 'account',
      label: 'Account',
      keyField: 'accountid',
      displayField: 'name',
      recordCount: 20,
      fields: [
        { name: 'name', label: 'Account Name', type: 'text' },
        {
          name: 'industrycode',
          label: 'Industry',
          type: 'choice',
          options: [
            { value: 'Financial', label: 'Financial' },
            { value: 'Accounting', label: 'Accounting' },
          ],
        },
        { name: 'revenue', label: 'Annual Revenue', type: 'decimal' },
      ],
    },
    {
      name: 'opportunity',
      label: 'Opportunity',
      keyField: 'opportunityid',
      displayField: 'name',
      recordCount: 30,
      fields: [
        { name: 'name', label: 'Topic', type: 'text' },
        { name: 'estimatedvalue', label: 'Est. Revenue', type: 'decimal' },
        { name: 'parentcontactid', label: 'Contact', type: 'lookup', lookupEntity: 'contact' },
      ],
    },
  ],
  relationships: [
    {
      name: 'contact_account_parentcustomerid',
      referencingEntity: 'contact',
      referencedEntity: 'account',
      lookupField: 'parentcustomerid',
    },
    {
      name: 'opportunity_contact_parentcontactid',
      referencingEntity: 'opportunity',
      referencedEntity: 'contact',
      lookupField: 'parentcontactid',
    },
  ],
  interactionTypes: [
    {
      name: 'EmailClicked',
      label: 'Email clicked',
      count: 50,
      fields: [
        { name: 'messageId', label: 'Message ID', type: 'text' },
        { name: 'linkId', label: 'Link ID', type: 'text' },
      ],
    },
    {
      name: 'LeadScoreBoost',
      label: 'Lead score boost',
      count: 10,
      fields: [{ name: 'boostValue', label: 'Boost value', type: 'decimal' }],
    },
  ],
};
