import { IncludeQuery } from '../../../common/dto';
import { ARTICLE_INCLUDES, type ArticleInclude } from './list-articles-query.dto';

/** Query of `GET /v1/articles/:id`. */
export class GetArticleQueryDto {
  @IncludeQuery(ARTICLE_INCLUDES)
  include?: ArticleInclude[];

  /**
   * The fast path of StrictValidationPipe (FastPathDto): GET by id is a hot route and almost always
   * has no query, which needs no validation pass. Anything else goes through the decorators.
   */
  static acceptIfValid(value: unknown): GetArticleQueryDto | undefined {
    const isEmpty = typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    return isEmpty ? new GetArticleQueryDto() : undefined;
  }
}
