export { ApiProblemResponses } from './api-problem-responses.decorator';
export { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto';
