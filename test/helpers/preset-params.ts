/** Sample per-account values for every preset param that has neither choices nor a default. */
export const SAMPLE_PARAMS: Record<string, string> = {
  my_domain: 'acme',
  client_id: 'client-123',
  phone_number_id: '106540352242922',
  key_id: 'rzp_test_1DP5mmOlF5G5ag',
  app_id: 'myapp-abcde',
  database: 'sample_mflix',
  collection: 'movies',
  company_domain: 'acme',
  account_sid: `AC${'0123456789abcdef'.repeat(2)}`,
  api_key_sid: `SK${'fedcba9876543210'.repeat(2)}`,
  github_app_id: 'Iv23liAbCdEf12345678',
  installation_id: '4242',
};
