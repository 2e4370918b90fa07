export { IdParamsDto } from './id-params.dto';
