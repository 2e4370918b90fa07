export { ApiProblemResponse, ApiProblemResponses } from './api-problem-responses.decorator';
