export { IdParamsDto } from './id-params.dto';
export { IncludeQuery, splitIncludeList } from './include-query.decorator';
