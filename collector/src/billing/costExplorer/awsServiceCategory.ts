/*
 * FOCUS ServiceCategory of a Cost Explorer SERVICE value. Cost Explorer does not tell the
 * category, so the common services are listed here (with the categories AWS's own FOCUS export
 * gives them where it has them); anything else is 'Other', which FOCUS allows.
 */
const CATEGORIES: Record<string, string[]> = {
  Compute: [
    'Amazon Elastic Compute Cloud - Compute',
    'Amazon Elastic Compute Cloud',
    'AWS Lambda',
    'AWS Step Functions',
    'Amazon Lightsail',
    'AWS Batch',
    'Amazon Elastic Container Service',
    'Amazon Elastic Container Service for Kubernetes',
    'AWS App Runner',
  ],
  Storage: ['Amazon Simple Storage Service', 'Amazon Elastic File System', 'Amazon Glacier', 'Amazon S3 Glacier', 'AWS Backup', 'Amazon FSx', 'AWS Storage Gateway'],
  Databases: ['Amazon Relational Database Service', 'Amazon DynamoDB', 'Amazon ElastiCache', 'Amazon DocumentDB (with MongoDB compatibility)', 'Amazon Neptune', 'Amazon MemoryDB', 'Amazon Keyspaces'],
  Analytics: ['Amazon Redshift', 'Amazon Athena', 'AWS Glue', 'Amazon Kinesis', 'Amazon Kinesis Firehose', 'Amazon OpenSearch Service', 'Amazon Elastic MapReduce', 'Amazon QuickSight', 'Amazon Managed Streaming for Apache Kafka'],
  Networking: [
    'Amazon CloudFront',
    'Amazon Route 53',
    'Amazon Virtual Private Cloud',
    'Amazon Elastic Load Balancing',
    'Elastic Load Balancing',
    'Amazon API Gateway',
    'AWS Data Transfer',
    'AWS Direct Connect',
    'AWS Global Accelerator',
    'AWS Transit Gateway',
  ],
  'Management and Governance': ['AmazonCloudWatch', 'AWS CloudTrail', 'AWS Config', 'AWS Systems Manager', 'AWS CloudFormation', 'AWS Cost Explorer', 'AWS Organizations'],
  Identity: ['AWS Key Management Service', 'Amazon Cognito', 'AWS Directory Service', 'AWS IAM Identity Center'],
  Security: ['AWS Secrets Manager', 'AWS WAF', 'AWS Security Hub', 'Amazon GuardDuty', 'AWS Shield', 'Amazon Inspector', 'Amazon Macie', 'AWS Certificate Manager'],
  Integration: ['Amazon Simple Notification Service', 'Amazon Simple Queue Service', 'Amazon EventBridge', 'CloudWatch Events', 'Amazon MQ', 'Amazon Simple Email Service'],
  'AI and Machine Learning': ['Amazon SageMaker', 'Amazon Bedrock', 'Amazon Rekognition', 'Amazon Comprehend', 'Amazon Textract', 'Amazon Transcribe', 'Amazon Polly', 'Amazon Translate'],
  'Developer Tools': ['AWS CodeBuild', 'AWS CodePipeline', 'AWS CodeCommit', 'AWS CodeArtifact', 'AWS X-Ray', 'Amazon EC2 Container Registry (ECR)'],
}

const BY_SERVICE = new Map(Object.entries(CATEGORIES).flatMap(([category, services]) => services.map((service) => [service, category] as const)))

export function awsServiceCategory(serviceName: string): string {
  return BY_SERVICE.get(serviceName) ?? 'Other'
}
